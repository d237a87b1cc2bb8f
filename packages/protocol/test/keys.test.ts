import { createECDH, createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  compressP256,
  decompressP256,
  holderKeyFromCryptoKey,
  kidOf,
  MalformedError,
  p256JwkFromCompressed,
} from '../src/index.ts';

describe('keys', () => {
  it('kid is the first 4 bytes of SHA-256 over the raw Ed25519 key', async () => {
    const raw = Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!, 'base64url');
    expect(await kidOf(raw)).toEqual(new Uint8Array(createHash('sha256').update(raw).digest().subarray(0, 4)));
    await expect(kidOf(new Uint8Array(31))).rejects.toThrow(RangeError);
  });

  it('compresses and decompresses like OpenSSL', () => {
    for (let i = 0; i < 20; i++) {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const uncompressed = new Uint8Array(ecdh.getPublicKey());
      const compressed = new Uint8Array(ecdh.getPublicKey(null, 'compressed'));
      expect(compressP256(uncompressed)).toEqual(compressed);
      expect(decompressP256(compressed)).toEqual(uncompressed);
    }
  });

  it('rejects malformed points, including an x with no point on the curve', () => {
    expect(() => compressP256(new Uint8Array(65))).toThrow(MalformedError);
    expect(() => decompressP256(new Uint8Array(33))).toThrow(MalformedError);
    // Roughly half of all x have no y; x = 1 is one of them on P-256.
    const offCurve = new Uint8Array(33);
    offCurve[0] = 0x02;
    offCurve[32] = 1;
    expect(() => decompressP256(offCurve)).toThrow(expect.objectContaining({ code: 'bad_encoding' }));
  });

  it('derives the holder key from a non-extractable WebCrypto key pair', async () => {
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    const compressed = await holderKeyFromCryptoKey(pair.publicKey);
    const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
    expect(p256JwkFromCompressed(compressed)).toEqual({ kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y });
    const viaNode = createPublicKey({ key: { ...p256JwkFromCompressed(compressed) }, format: 'jwk' });
    expect(viaNode.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });
});
