import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { Repositories } from '../../storage/store.ts';
import type { Context } from '../context.ts';
import { credentialSigner } from '../credentials/issue-credential.ts';
import { DomainError, notFound } from '../errors.ts';

/** An EC P-256 public key as JSON Web Key: what a wallet sends for its holder and presentation keys. */
export interface PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

/** RFC 7638: SHA-256 over the required members in lexical order; base64url of it names an account. */
export const thumbprintOf = (jwk: PublicJwk) =>
  createHash('sha256').update(JSON.stringify({ crv: 'P-256', kty: 'EC', x: jwk.x, y: jwk.y })).digest();

/** What a new presentation key signs: `TG-PKEY-v1` || organizer id (16 bytes) || account thumbprint (32 bytes). */
export const presentationKeyMessage = (organizerId: string, accountThumbprint: Buffer) =>
  Buffer.concat([Buffer.from('TG-PKEY-v1', 'ascii'), Buffer.from(organizerId.replaceAll('-', ''), 'hex'), accountThumbprint]);

function publicKeyOf(jwk: PublicJwk): KeyObject {
  try {
    return createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, format: 'jwk' });
  } catch {
    throw new DomainError('invalid_request', 'jwk is not a point on P-256', 'jwk');
  }
}

/**
 * A wallet registers its key for one organizer's tickets (PROTOCOL.md section 1). The signature by the
 * new key over the organizer and the account's thumbprint proves the wallet holds it and ties it to
 * both. Every ticket and voucher the account holds at that organizer is then issued again for the new
 * key (seq + 1), so that organizer's gates see a key no other organizer ever sees. Registering again
 * replaces the key and issues them again.
 */
export async function registerPresentationKey(
  ctx: Context,
  account: { accountId: string; thumbprint: string },
  organizerId: string,
  input: { jwk: PublicJwk; signature: string },
) {
  const key = publicKeyOf(input.jwk);
  const signature = Buffer.from(input.signature, 'base64url');
  const message = presentationKeyMessage(organizerId, Buffer.from(account.thumbprint, 'base64url'));
  if (signature.length !== 64 || !verify('sha256', message, { key, dsaEncoding: 'ieee-p1363' }, signature)) {
    throw new DomainError('invalid_signature', 'signature: not a signature by this key over TG-PKEY-v1, the organizer id and your account thumbprint', 'signature');
  }
  const thumbprint = thumbprintOf(input.jwk).toString('base64url');
  const now = ctx.clock().toISOString();
  try {
    return await ctx.store.transaction(async (repos) => {
      if (!(await repos.organizers.findOrganizer(organizerId))) throw notFound('organizer');
      if (await repos.accounts.findKey(thumbprint)) throw keyInUse();
      await repos.accounts.savePresentationKey({ account_id: account.accountId, organizer_id: organizerId, thumbprint, jwk: JSON.stringify(input.jwk), created_at: now });
      return { organizerId, thumbprint, ...(await reissueAtOrganizer(repos, ctx.settings.secret, account.accountId, organizerId, now)) };
    });
  } catch (error) {
    if (ctx.store.storage.isUniqueViolation(error)) throw keyInUse();
    throw error;
  }
}

const keyInUse = () => new DomainError('invalid_request', 'jwk: this key is registered already; make a new key for each organizer', 'jwk');

/**
 * Issues every live ticket and usable voucher the account holds at the organizer again, for the key
 * that organizer's credentials bind now (seq + 1, a new credential): the previous codes are
 * `superseded` at every gate from the next pack on. Runs in the caller's transaction.
 */
async function reissueAtOrganizer(repos: Repositories, secret: string, accountId: string, organizerId: string, now: string) {
  const holderJwk = await repos.accounts.holderJwkFor(accountId, organizerId);
  let tickets = 0;
  let vouchers = 0;
  for (const { event, items } of await repos.accounts.credentialsAtOrganizer(accountId, organizerId)) {
    const packVersion = await repos.events.nextPackVersion(event.id);
    for (const item of items) {
      const sign = await credentialSigner(repos, secret, event, now, item.valid_until);
      const credential = await sign({ type: item.type, id: item.id, seq: item.seq + 1, holderJwk });
      if (await repos.accounts.reissue(item, { credential, pack_version: packVersion, updated_at: now })) {
        if (item.type === 'ticket') tickets += 1;
        else vouchers += 1;
      }
    }
  }
  return { tickets, vouchers };
}
