import type { FastifyRequest } from 'fastify';
import { calculateJwkThumbprint, errors as joseErrors, importJWK, jwtVerify, type CryptoKey, type JWK, type JWTHeaderParameters } from 'jose';
import type { Context } from '../../domain/context.ts';
import { accountOfKey } from '../../domain/accounts/register-account.ts';
import { rememberProof } from '../../domain/accounts/remember-proof.ts';
import { HttpError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    holder?: { thumbprint: string; jwk: JWK; accountId?: string };
  }
}

const iatToleranceSeconds = 60;

const refuse = (reason: string) => new HttpError('invalid_dpop_proof', `DPoP proof refused: ${reason}`);

// A phone sends the same key with every request; importing it and hashing its thumbprint are the
// slow parts of checking a proof, so both are kept per key.
const knownKeys = new Map<string, { key: CryptoKey; thumbprint: string }>();

async function knownKey(jwk: { x: string; y: string }) {
  const id = `${jwk.x}.${jwk.y}`;
  let known = knownKeys.get(id);
  if (!known) {
    const publicJwk: JWK = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
    known = { key: (await importJWK(publicJwk, 'ES256')) as CryptoKey, thumbprint: await calculateJwkThumbprint(publicJwk, 'sha256') };
    if (knownKeys.size >= 10_000) knownKeys.delete(knownKeys.keys().next().value!);
    knownKeys.set(id, known);
  }
  return known;
}

/** The proof's own public key, as jose's EmbeddedJWK takes it, but from the cache. */
async function embeddedKey(header: JWTHeaderParameters) {
  const jwk = header.jwk;
  if (!jwk || jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string' || 'd' in jwk) {
    throw refuse('jwk must be an EC P-256 public key');
  }
  return (await knownKey({ x: jwk.x, y: jwk.y })).key;
}

/**
 * Checks a DPoP proof exactly as PROTOCOL.md section 7 says: `typ` dpop+jwt, ES256, the holder's
 * public key in `jwk`, `htm` = the method, `htu` = PUBLIC_URL joined with the path (no query, so it
 * works behind a reverse proxy), `iat` within ±60 s, and a `jti` never seen in the last 5 minutes.
 */
async function verifyProof(ctx: Context, request: FastifyRequest) {
  const proof = request.headers.dpop;
  if (proof === undefined) throw refuse('the DPoP header is missing');
  if (typeof proof !== 'string' || proof.length > 4096) throw refuse('send exactly one DPoP header');
  let verified;
  try {
    verified = await jwtVerify(proof, embeddedKey, {
      typ: 'dpop+jwt',
      algorithms: ['ES256'],
      requiredClaims: ['htm', 'htu', 'iat', 'jti'],
      currentDate: ctx.clock(),
      clockTolerance: iatToleranceSeconds,
    });
  } catch (error) {
    if (error instanceof HttpError) throw error;
    const detail = error instanceof joseErrors.JOSEError ? error.message : 'it is not a valid JWT';
    throw refuse(detail);
  }
  const { payload, protectedHeader } = verified;
  const jwk = protectedHeader.jwk as { x: string; y: string };
  if (payload.htm !== request.method) throw refuse(`htm must be ${request.method}`);
  const expectedHtu = ctx.settings.publicUrl + request.url.split('?')[0];
  if (payload.htu !== expectedHtu) throw refuse(`htu must be ${expectedHtu}`);
  const now = ctx.clock().getTime() / 1000;
  if (typeof payload.iat !== 'number' || Math.abs(now - payload.iat) > iatToleranceSeconds) {
    throw refuse('iat is more than 60 seconds away from the server time (check the Date header)');
  }
  if (typeof payload.jti !== 'string' || payload.jti.length < 8 || payload.jti.length > 256) {
    throw refuse('jti must be a string of 8 to 256 characters');
  }
  const { thumbprint } = await knownKey(jwk);
  if (!(await rememberProof(ctx, thumbprint, payload.jti))) throw refuse('this proof was used before (jti replay)');
  return { thumbprint, jwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y } satisfies JWK };
}

/**
 * preHandlers for wallet routes. `account` requires an existing account for the proof's key;
 * `key` only proves possession of the key (used to create the account).
 */
export function walletAuth(ctx: Context) {
  return {
    key: async (request: FastifyRequest) => {
      request.holder = await verifyProof(ctx, request);
    },
    account: async (request: FastifyRequest) => {
      const holder = await verifyProof(ctx, request);
      const accountId = await accountOfKey(ctx, holder.thumbprint);
      if (!accountId) throw new HttpError('unauthorized', 'no account for this key; create one with POST /api/v1/accounts');
      request.holder = { ...holder, accountId };
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
