import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { base64urlEncode, p256JwkFromCompressed, type SignatureVerifier } from '@ticketguard/protocol';

/**
 * The server's signature checks for the shared scan decision: node:crypto, 20-40x faster than pure
 * JavaScript, with parsed keys kept so a busy gate parses each key once. High-S P-256 signatures
 * pass, as PROTOCOL.md section 3 requires (OpenSSL does not normalise S).
 */
export function nodeVerifier(maxKeys = 50_000): SignatureVerifier {
  const keys = new Map<string, KeyObject>();
  const keyFor = (tag: string, bytes: Uint8Array, parse: () => KeyObject) => {
    const id = tag + base64urlEncode(bytes);
    let key = keys.get(id);
    if (!key) {
      if (keys.size >= maxKeys) keys.delete(keys.keys().next().value!);
      key = parse();
      keys.set(id, key);
    }
    return key;
  };
  return {
    ed25519(publicKey, message, signature) {
      try {
        const key = keyFor('e', publicKey, () =>
          createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: base64urlEncode(publicKey) }, format: 'jwk' }),
        );
        return verify(null, message, key, signature);
      } catch {
        return false;
      }
    },
    p256(publicKey, message, signature) {
      try {
        const key = keyFor('p', publicKey, () => createPublicKey({ key: { ...p256JwkFromCompressed(publicKey) }, format: 'jwk' }));
        return verify('sha256', message, { key, dsaEncoding: 'ieee-p1363' }, signature);
      } catch {
        return false;
      }
    },
  };
}
