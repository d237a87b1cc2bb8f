import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Context } from '../../domain/context.ts';
import { accountOfKey } from '../../domain/accounts/register-account.ts';
import { proofKey, rememberProof, type PendingProof } from '../../domain/accounts/remember-proof.ts';
import { HttpError } from '../errors.ts';

/** A holder's public key as the wallet sends it in every proof. */
export interface HolderJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    holder?: { thumbprint: string; jwk: HolderJwk; accountId?: string; pendingProof?: PendingProof };
  }
  interface FastifyContextConfig {
    /**
     * The route records the proof's jti itself, in the transaction of what it writes (an order), so
     * that a request costs one transaction; it must call `settleProof` on every other way out.
     */
    jtiInTransaction?: boolean;
  }
}

const iatToleranceSeconds = 60;

const refuse = (reason: string) => new HttpError('invalid_dpop_proof', `DPoP proof refused: ${reason}`);

// A phone sends the same key with every request; parsing it into a KeyObject and hashing its
// thumbprint are the slow parts of checking a proof, so both are kept per key.
const knownKeys = new Map<string, { key: KeyObject; thumbprint: string }>();

function knownKey(jwk: HolderJwk) {
  const id = `${jwk.x}.${jwk.y}`;
  let known = knownKeys.get(id);
  if (!known) {
    let key: KeyObject;
    try {
      key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, format: 'jwk' });
    } catch {
      throw refuse('jwk is not a point on P-256');
    }
    // RFC 7638: SHA-256 over the required members in lexical order.
    const thumbprint = createHash('sha256').update(JSON.stringify({ crv: 'P-256', kty: 'EC', x: jwk.x, y: jwk.y })).digest('base64url');
    known = { key, thumbprint };
    if (knownKeys.size >= 10_000) knownKeys.delete(knownKeys.keys().next().value!);
    knownKeys.set(id, known);
  }
  return known;
}

const base64url = /^[A-Za-z0-9_-]+$/;

function jsonPart(part: string, what: string): Record<string, unknown> {
  if (!base64url.test(part)) throw refuse(`the ${what} is not base64url`);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw refuse(`the ${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw refuse(`the ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

/**
 * Checks a DPoP proof exactly as PROTOCOL.md section 7 says: a compact JWS with `typ` dpop+jwt, ES256,
 * the holder's public key in `jwk`, `htm` = the method, `htu` = PUBLIC_URL joined with the path (no
 * query, so it works behind a reverse proxy; without PUBLIC_URL either loopback name), `iat` within ±60 s, and a `jti`. The signature is checked
 * with node:crypto on a KeyObject parsed once per key. Whether the `jti` is new is checked by the caller.
 */
function verifyProof(ctx: Context, request: FastifyRequest) {
  const proof = request.headers.dpop;
  if (proof === undefined) throw refuse('the DPoP header is missing');
  if (typeof proof !== 'string' || proof.length > 4096) throw refuse('send exactly one DPoP header');
  const parts = proof.split('.');
  if (parts.length !== 3) throw refuse('it is not a valid JWT (three base64url parts separated by dots)');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = jsonPart(headerPart, 'JWT header');
  if (header.typ !== 'dpop+jwt') throw refuse('typ must be dpop+jwt');
  if (header.alg !== 'ES256') throw refuse('alg must be ES256');
  if ('crit' in header) throw refuse('crit is not supported');
  const jwk = header.jwk as Record<string, unknown> | undefined;
  if (!jwk || typeof jwk !== 'object' || jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string' || 'd' in jwk) {
    throw refuse('jwk must be an EC P-256 public key');
  }
  const holderJwk: HolderJwk = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
  const { key, thumbprint } = knownKey(holderJwk);
  if (!base64url.test(signaturePart)) throw refuse('the signature is not base64url');
  const signature = Buffer.from(signaturePart, 'base64url');
  if (signature.length !== 64 || !verify('sha256', Buffer.from(`${headerPart}.${payloadPart}`), { key, dsaEncoding: 'ieee-p1363' }, signature)) {
    throw refuse('signature verification failed');
  }
  const payload = jsonPart(payloadPart, 'JWT payload');
  for (const claim of ['htm', 'htu', 'iat', 'jti']) if (!(claim in payload)) throw refuse(`missing required "${claim}" claim`);
  if (payload.htm !== request.method) throw refuse(`htm must be ${request.method}`);
  const path = request.url.split('?')[0];
  const servedAt = [ctx.settings.publicUrl, ...(ctx.settings.alsoServedAt ?? [])];
  if (!servedAt.some((origin) => payload.htu === origin + path)) throw refuse(`htu must be ${ctx.settings.publicUrl + path}`);
  const now = ctx.clock().getTime() / 1000;
  if (typeof payload.iat !== 'number' || Math.abs(now - payload.iat) > iatToleranceSeconds) {
    throw refuse('iat is more than 60 seconds away from the server time (check the Date header)');
  }
  if (typeof payload.jti !== 'string' || payload.jti.length < 8 || payload.jti.length > 256) {
    throw refuse('jti must be a string of 8 to 256 characters');
  }
  return { thumbprint, jwk: holderJwk, jti: payload.jti };
}

/** Records the proof's jti now; a replay (this process or another) is refused. */
async function remember(ctx: Context, thumbprint: string, jti: string) {
  if (!(await rememberProof(ctx, proofKey(thumbprint, jti)))) throw refuse('this proof was used before (jti replay)');
}

/**
 * For a route with `jtiInTransaction`: records the jti now unless the route's transaction did.
 * Called on every way out that wrote nothing (an answer from the idempotency record, a refusal), so a
 * proof is never accepted twice whatever the first answer was.
 */
export async function settleProof(ctx: Context, request: FastifyRequest) {
  const pending = request.holder?.pendingProof;
  if (!pending || pending.recorded) return;
  pending.recorded = true;
  if (!(await rememberProof(ctx, pending.key))) throw refuse('this proof was used before (jti replay)');
}

/**
 * preHandlers for wallet routes. `account` requires an existing account for the proof's key;
 * `key` only proves possession of the key (used to create the account).
 */
export function walletAuth(ctx: Context) {
  return {
    key: async (request: FastifyRequest) => {
      const { jti, ...holder } = verifyProof(ctx, request);
      await remember(ctx, holder.thumbprint, jti);
      request.holder = holder;
    },
    account: async (request: FastifyRequest) => {
      const { jti, ...holder } = verifyProof(ctx, request);
      const deferred = request.routeOptions.config.jtiInTransaction === true;
      if (!deferred) await remember(ctx, holder.thumbprint, jti);
      const accountId = await accountOfKey(ctx, holder.thumbprint);
      if (!accountId) {
        if (deferred) await remember(ctx, holder.thumbprint, jti);
        throw new HttpError('unauthorized', 'no account for this key; create one with POST /api/v1/accounts');
      }
      request.holder = { ...holder, accountId, ...(deferred ? { pendingProof: { key: proofKey(holder.thumbprint, jti), recorded: false } } : {}) };
    },
  };
}

export const accountIdOf = (request: FastifyRequest) => request.holder!.accountId!;

/**
 * A browser's EventSource cannot send headers, so the stream also takes the DPoP proof as
 * `?dpop=`. Only stream routes do: a proof in a URL may end up in a proxy's log, and there it buys
 * no more than one read-only stream (an inbox, a place in a queue), within the proof's minute and only once (jti).
 */
export async function proofFromQuery(request: FastifyRequest) {
  const proof = (request.query as { dpop?: string }).dpop;
  if (proof !== undefined && request.headers.dpop === undefined) request.headers = { ...request.headers, dpop: proof };
}
