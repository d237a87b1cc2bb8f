import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { base64urlEncode, kidOf } from '@ticketguard/protocol';
import type { Repositories } from '../../storage/store.ts';
import { seal, unseal } from './sealed-box.ts';

/**
 * Makes the Ed25519 key that signs an event's credentials. The private part is stored sealed under
 * TG_SECRET; `kid` is the first 4 bytes of SHA-256 over the raw public key (PROTOCOL.md section 1).
 */
export async function createIssuerKey(repos: Repositories, secret: string, eventId: string, now: string) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = new Uint8Array(Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url'));
  const kid = base64urlEncode(await kidOf(raw));
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  await repos.issuerKeys.insert({
    kid,
    event_id: eventId,
    public_key: base64urlEncode(raw),
    private_key_sealed: seal(secret, pkcs8),
    active: 1,
    created_at: now,
  });
  return kid;
}

// Unsealing and parsing a key is the slow part of signing; keys never change once made.
const signingKeys = new Map<string, KeyObject>();

/** The event's active signing key, made on first use for events that predate issuer keys. */
export async function activeSigningKey(repos: Repositories, secret: string, eventId: string, now: string) {
  let row = await repos.issuerKeys.active(eventId);
  if (!row) {
    await createIssuerKey(repos, secret, eventId, now);
    row = (await repos.issuerKeys.active(eventId))!;
  }
  let key = signingKeys.get(row.kid);
  if (!key) {
    key = createPrivateKey({ key: unseal(secret, row.private_key_sealed), format: 'der', type: 'pkcs8' });
    signingKeys.set(row.kid, key);
  }
  return { kid: row.kid, key };
}
