import { sign } from 'node:crypto';
import { base64urlDecode, base64urlEncode, compressP256, issueCredential } from '@ticketguard/protocol';
import type { Repositories } from '../../storage/store.ts';
import type { EventsTable } from '../../storage/schema.ts';
import { activeSigningKey } from './issuer-keys.ts';

/** Credentials stay valid this long after the event's end, for late leavers and re-entry checks. */
export const credentialGraceSeconds = 3 * 3600;

/** The compressed SEC1 point (33 bytes) of a holder's P-256 public JWK. */
export function holderKeyOf(jwk: { x?: string; y?: string }) {
  const uncompressed = new Uint8Array(65);
  uncompressed[0] = 4;
  uncompressed.set(base64urlDecode(jwk.x ?? ''), 1);
  uncompressed.set(base64urlDecode(jwk.y ?? ''), 33);
  return compressP256(uncompressed);
}

/**
 * A signer for one event's credentials within one transaction: the key is looked up once, then
 * each credential is one Ed25519 signature over `TG-CRED-v1` || bytes 0..61 (PROTOCOL.md section 2).
 */
export async function credentialSigner(repos: Repositories, secret: string, event: EventsTable, now: string, validUntil?: string | null) {
  const { kid, key } = await activeSigningKey(repos, secret, event.id, now);
  const eventEnd = Math.floor(Date.parse(event.ends_at) / 1000) + credentialGraceSeconds;
  const notAfter = validUntil ? Math.min(eventEnd, Math.floor(Date.parse(validUntil) / 1000)) : eventEnd;
  return async (subject: { type: 'ticket' | 'voucher'; id: string; seq: number; holderJwk: string }) => {
    const bytes = await issueCredential(
      {
        type: subject.type,
        subjectId: subject.id,
        kid: base64urlDecode(kid),
        seq: subject.seq,
        notAfter,
        holderKey: holderKeyOf(JSON.parse(subject.holderJwk)),
      },
      (message) => sign(null, message, key),
    );
    return base64urlEncode(bytes);
  };
}
