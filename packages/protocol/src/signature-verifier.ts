/**
 * Signature checks behind one small interface, so the server can inject node:crypto while browsers
 * use WebCrypto. Every implementation returns false, never throws, for any bad key or signature.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { hexEncode } from './bytes.ts';
import { decompressP256 } from './keys.ts';

export interface SignatureVerifier {
  /** Ed25519 (RFC 8032, pure) over `message`. */
  ed25519(publicKey32: Uint8Array, message: Uint8Array, signature64: Uint8Array): Promise<boolean> | boolean;
  /** ECDSA P-256 over SHA-256(`message`); P1363 signature; high-S accepted. */
  p256(compressedPublicKey33: Uint8Array, message: Uint8Array, p1363Signature64: Uint8Array): Promise<boolean> | boolean;
}

function nobleEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    // zip215: false = strict RFC 8032 decoding, matching WebCrypto/OpenSSL rather than consensus rules.
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

function nobleP256(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    // prehash: noble hashes `message` with SHA-256 itself; lowS: false because WebCrypto wallets emit high-S.
    return p256.verify(signature, message, publicKey, { prehash: true, lowS: false, format: 'compact' });
  } catch {
    return false;
  }
}

/** Pure JavaScript; slower, but runs anywhere and serves as the reference in tests. */
export function createNobleVerifier(): SignatureVerifier {
  return { ed25519: nobleEd25519, p256: nobleP256 };
}

export interface WebCryptoVerifierOptions {
  /**
   * Defaults to globalThis.crypto.subtle, which is undefined outside secure contexts (plain http);
   * injectable to test the fallbacks, null meaning "no WebCrypto at all".
   */
  subtle?: SubtleCrypto | null;
  /** Imported keys kept; importing dominates the cost of a verification. Default 1024. */
  maxCachedKeys?: number;
}

/** RFC 8032 test 1 public key: a known-good key to ask the runtime whether it speaks Ed25519. */
const probeEd25519Key = new Uint8Array([
  0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe, 0xd3, 0xc9, 0x64, 0x07, 0x3a,
  0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6, 0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68, 0xf7, 0x07, 0x51, 0x1a,
]);

const ecdsaImport = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/**
 * WebCrypto where the runtime has it (Ed25519 is missing in some browsers; some refuse compressed
 * P-256 raw import), noble otherwise. Keys are cached in a small LRU: the issuer key is hit on every
 * scan and stays; holder keys churn.
 */
export function createWebCryptoVerifier(options: WebCryptoVerifierOptions = {}): SignatureVerifier {
  const subtle = options.subtle === undefined ? globalThis.crypto?.subtle : (options.subtle ?? undefined);
  const maxCachedKeys = Math.max(1, options.maxCachedKeys ?? 1024);
  const cache = new Map<string, Promise<CryptoKey | null>>();
  let ed25519Supported: Promise<boolean> | undefined;

  function cached(id: string, load: () => Promise<CryptoKey | null>): Promise<CryptoKey | null> {
    let entry = cache.get(id);
    if (entry) {
      cache.delete(id); // re-insert to mark as most recently used
    } else {
      entry = load().catch(() => null);
      if (cache.size >= maxCachedKeys) cache.delete(cache.keys().next().value!);
    }
    cache.set(id, entry);
    return entry;
  }

  function supportsEd25519(): Promise<boolean> {
    ed25519Supported ??= subtle
      ? subtle.importKey('raw', probeEd25519Key, { name: 'Ed25519' }, false, ['verify']).then(
          () => true,
          () => false,
        )
      : Promise.resolve(false);
    return ed25519Supported;
  }

  async function importP256(compressed: Uint8Array<ArrayBuffer>): Promise<CryptoKey | null> {
    if (!subtle) return null;
    try {
      return await subtle.importKey('raw', compressed, ecdsaImport, false, ['verify']);
    } catch {
      // Refused: either this runtime only takes uncompressed points or the point is invalid.
      // decompressP256 throws for the latter, which `cached` turns into null.
      return await subtle.importKey('raw', decompressP256(compressed), ecdsaImport, false, ['verify']);
    }
  }

  return {
    async ed25519(publicKey, message, signature) {
      if (publicKey.length !== 32 || signature.length !== 64) return false;
      try {
        if (!subtle || !(await supportsEd25519())) return nobleEd25519(publicKey, message, signature);
        const key = new Uint8Array(publicKey);
        const cryptoKey = await cached(`ed:${hexEncode(key)}`, () =>
          subtle.importKey('raw', key, { name: 'Ed25519' }, false, ['verify']),
        );
        if (!cryptoKey) return false;
        return await subtle.verify({ name: 'Ed25519' }, cryptoKey, new Uint8Array(signature), new Uint8Array(message));
      } catch {
        return false;
      }
    },

    async p256(publicKey, message, signature) {
      if (publicKey.length !== 33 || signature.length !== 64) return false;
      try {
        if (!subtle) return nobleP256(publicKey, message, signature);
        const key = new Uint8Array(publicKey);
        const cryptoKey = await cached(`p256:${hexEncode(key)}`, () => importP256(key));
        if (!cryptoKey) return false;
        return await subtle.verify(
          { name: 'ECDSA', hash: 'SHA-256' },
          cryptoKey,
          new Uint8Array(signature),
          new Uint8Array(message),
        );
      } catch {
        return false;
      }
    },
  };
}
