/** Key formats: the issuer key id and the compressed P-256 holder key that fits the credential. */
import { p256 } from '@noble/curves/nist.js';
import { base64urlEncode } from './bytes.ts';
import { MalformedError } from './malformed-error.ts';

/** `kid` = first 4 bytes of SHA-256 over the raw 32-byte Ed25519 public key. */
export async function kidOf(ed25519PublicKey: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  if (ed25519PublicKey.length !== 32) throw new RangeError('an Ed25519 public key is 32 bytes');
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new Uint8Array(ed25519PublicKey));
  return new Uint8Array(digest, 0, 4).slice();
}

/** `0x04||x||y` (65 bytes) to SEC1 compressed form (33 bytes); the prefix carries y's parity. */
export function compressP256(uncompressed: Uint8Array): Uint8Array<ArrayBuffer> {
  if (uncompressed.length !== 65 || uncompressed[0] !== 0x04) {
    throw new MalformedError('bad_encoding', 'expected a 65-byte uncompressed P-256 point');
  }
  const out = new Uint8Array(33);
  out[0] = 0x02 | (uncompressed[64]! & 1);
  out.set(uncompressed.subarray(1, 33), 1);
  return out;
}

/**
 * 33 bytes back to `0x04||x||y`. noble does the modular square root and also rejects an x with no
 * point on the curve, which is exactly the validation a verifier needs before importing the key.
 */
export function decompressP256(compressed: Uint8Array): Uint8Array<ArrayBuffer> {
  if (compressed.length !== 33 || (compressed[0] !== 0x02 && compressed[0] !== 0x03)) {
    throw new MalformedError('bad_encoding', 'expected a 33-byte compressed P-256 point');
  }
  try {
    return new Uint8Array(p256.Point.fromBytes(compressed).toBytes(false));
  } catch {
    throw new MalformedError('bad_encoding', 'not a point on P-256');
  }
}

/** The credential's holder key from a WebCrypto ECDSA P-256 public key (works for non-extractable pairs' public half). */
export async function holderKeyFromCryptoKey(publicKey: CryptoKey): Promise<Uint8Array<ArrayBuffer>> {
  const raw = new Uint8Array(await globalThis.crypto.subtle.exportKey('raw', publicKey));
  return compressP256(raw);
}

export interface P256PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

/** Public JWK of a compressed holder key, for JWK-based APIs (DPoP thumbprints, node:crypto). */
export function p256JwkFromCompressed(compressed: Uint8Array): P256PublicJwk {
  const point = decompressP256(compressed);
  return {
    kty: 'EC',
    crv: 'P-256',
    x: base64urlEncode(point.subarray(1, 33)),
    y: base64urlEncode(point.subarray(33, 65)),
  };
}
