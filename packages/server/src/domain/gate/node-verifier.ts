import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { base64urlEncode, type SignatureVerifier } from '@ticketguard/protocol';

// DER SubjectPublicKeyInfo prefixes: with them OpenSSL parses the raw Ed25519 key and the
// compressed P-256 point directly, far faster than decompressing the point in JavaScript.
const ed25519Spki = Buffer.from('302a300506032b6570032100', 'hex');
const p256CompressedSpki = Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex');

const verifyAsync = (algorithm: string | null, message: Uint8Array, key: KeyObject | { key: KeyObject; dsaEncoding: 'ieee-p1363' }, signature: Uint8Array) =>
  new Promise<boolean>((resolve) => {
    try {
      // The callback form runs on libuv's thread pool, so a batch of scans uses every core.
      verify(algorithm, message, key, signature, (error, ok) => resolve(!error && ok));
    } catch {
      resolve(false);
    }
  });

/**
 * The server's signature checks for the shared scan decision: OpenSSL through node:crypto, with
 * parsed keys kept so a busy gate parses each key once. High-S P-256 signatures pass, as
 * PROTOCOL.md section 3 requires (OpenSSL does not normalise S).
 */
export function nodeVerifier(maxKeys = 50_000): SignatureVerifier {
  const keys = new Map<string, KeyObject | null>();
  const keyFor = (prefix: Buffer, bytes: Uint8Array) => {
    const id = base64urlEncode(bytes);
    let key = keys.get(id);
    if (key === undefined) {
      try {
        key = createPublicKey({ key: Buffer.concat([prefix, bytes]), format: 'der', type: 'spki' });
      } catch {
        key = null; // not a point on the curve: remembered, so garbage costs one parse
      }
      if (keys.size >= maxKeys) keys.delete(keys.keys().next().value!);
      keys.set(id, key);
    }
    return key;
  };
  return {
    async ed25519(publicKey, message, signature) {
      const key = publicKey.length === 32 ? keyFor(ed25519Spki, publicKey) : null;
      return key ? verifyAsync(null, message, key, signature) : false;
    },
    async p256(publicKey, message, signature) {
      const key = publicKey.length === 33 ? keyFor(p256CompressedSpki, publicKey) : null;
      return key ? verifyAsync('sha256', message, { key, dsaEncoding: 'ieee-p1363' }, signature) : false;
    },
  };
}

/**
 * Remembers every answer of `base`, so a scan decided once outside the database transaction (where
 * the signatures are checked, in parallel) is decided again inside it at no cost.
 */
export function rememberingVerifier(base: SignatureVerifier): SignatureVerifier {
  const answers = new Map<string, Promise<boolean> | boolean>();
  const remember = (kind: string, key: Uint8Array, message: Uint8Array, signature: Uint8Array, check: () => Promise<boolean> | boolean) => {
    const id = `${kind}${base64urlEncode(key)}.${base64urlEncode(signature)}.${base64urlEncode(message)}`;
    let answer = answers.get(id);
    if (answer === undefined) {
      answer = check();
      answers.set(id, answer);
    }
    return answer;
  };
  return {
    ed25519: (key, message, signature) => remember('e', key, message, signature, () => base.ed25519(key, message, signature)),
    p256: (key, message, signature) => remember('p', key, message, signature, () => base.p256(key, message, signature)),
  };
}
