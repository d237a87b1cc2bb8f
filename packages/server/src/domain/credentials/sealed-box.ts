import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM under a key derived from TG_SECRET (HKDF-SHA-256), for secrets that must be read back,
 * such as issuer private keys. Stored as base64url of iv (12) || ciphertext || tag (16).
 */
function keyFrom(secret: string) {
  return Buffer.from(hkdfSync('sha256', secret, 'ticketguard', 'sealed-box/v1', 32));
}

export function seal(secret: string, plaintext: Uint8Array) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secret), iv);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

export function unseal(secret: string, sealed: string) {
  const bytes = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', keyFrom(secret), bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]);
}
