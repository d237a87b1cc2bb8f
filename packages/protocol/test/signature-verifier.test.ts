import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createNobleVerifier,
  createWebCryptoVerifier,
  credentialSigningInput,
  hexDecode,
  parseQrText,
  presentationSigningInput,
} from '../src/index.ts';
import type { SignatureVerifier } from '../src/index.ts';
import { nodeVerifier, vectors } from './helpers.ts';

const parsed = parseQrText(vectors.presentation.qr);
const issuerKey = hexDecode(vectors.keys.issuer.publicKeyHex);
const credInput = credentialSigningInput(parsed.credential.bytes.subarray(0, 62));
const presInput = presentationSigningInput(parsed.signedPart);

/** Real WebCrypto, but without Ed25519 and refusing 33-byte raw points, like some browsers. */
function limitedSubtle(imports: string[]): SubtleCrypto {
  const real = globalThis.crypto.subtle;
  return {
    importKey(format: string, data: Uint8Array<ArrayBuffer>, algorithm: { name: string }, extractable: boolean, usages: KeyUsage[]) {
      imports.push(`${algorithm.name}:${data.length}`);
      if (algorithm.name === 'Ed25519') return Promise.reject(new DOMException('no Ed25519', 'NotSupportedError'));
      if (data.length === 33) return Promise.reject(new DOMException('uncompressed only', 'NotSupportedError'));
      return real.importKey(format as 'raw', data, algorithm, extractable, usages);
    },
    verify: real.verify.bind(real),
  } as unknown as SubtleCrypto;
}

async function expectCorrect(verifier: SignatureVerifier) {
  expect(await verifier.ed25519(issuerKey, credInput, parsed.credential.signature)).toBe(true);
  expect(await verifier.p256(parsed.credential.holderKey, presInput, parsed.holderSignature)).toBe(true);
  const flipped = parsed.holderSignature.slice();
  flipped[5]! ^= 1;
  expect(await verifier.p256(parsed.credential.holderKey, presInput, flipped)).toBe(false);
  expect(await verifier.ed25519(issuerKey, presInput, parsed.credential.signature)).toBe(false);
}

describe('signature verifiers', () => {
  it.each([
    ['WebCrypto', () => createWebCryptoVerifier()],
    ['noble', () => createNobleVerifier()],
    ['node:crypto (test)', () => nodeVerifier],
    ['WebCrypto without subtle', () => createWebCryptoVerifier({ subtle: null })],
  ])('%s verifies good signatures and refuses bad ones', async (_name, make) => {
    await expectCorrect(make());
  });

  it('falls back to noble Ed25519 and to decompressed P-256 import when the runtime refuses', async () => {
    const imports: string[] = [];
    const verifier = createWebCryptoVerifier({ subtle: limitedSubtle(imports) });
    await expectCorrect(verifier);
    expect(imports).toContain('Ed25519:32'); // the capability probe
    expect(imports).toContain('ECDSA:33');
    expect(imports).toContain('ECDSA:65');
  });

  it('caches imported keys in a bounded LRU', async () => {
    const imports: string[] = [];
    const verifier = createWebCryptoVerifier({ subtle: limitedSubtle(imports), maxCachedKeys: 2 });
    const keys = ['holder', 'otherHolder'].map((k) => hexDecode(vectors.keys[k as 'holder'].publicKeyCompressedHex));
    const third = hexDecode('0310dcb9e98a7f8bb4b0d2d6e3f5d6f8f8d2a1a0e1f8e4e1b2d1c0e2f5a8d7e4c3');
    const check = (key: Uint8Array) => verifier.p256(key, presInput, parsed.holderSignature);
    const importsOf = async (key: Uint8Array) => {
      const before = imports.length;
      await check(key);
      return imports.length - before;
    };
    expect(await importsOf(keys[0]!)).toBeGreaterThan(0);
    expect(await importsOf(keys[1]!)).toBeGreaterThan(0);
    expect(await importsOf(keys[0]!)).toBe(0); // hit, and now most recently used
    await check(third); // evicts keys[1], the least recently used
    expect(await importsOf(keys[0]!)).toBe(0);
    expect(await importsOf(keys[1]!)).toBeGreaterThan(0);
  });

  it('never throws on garbage keys, messages or signatures', async () => {
    const verifiers = [createWebCryptoVerifier(), createNobleVerifier(), nodeVerifier];
    const bytes = (max: number) => fc.oneof(fc.uint8Array({ maxLength: max }), fc.uint8Array({ minLength: max, maxLength: max }));
    await fc.assert(
      fc.asyncProperty(bytes(40), bytes(70), bytes(66), async (key, message, signature) => {
        for (const v of verifiers) {
          expect(await v.ed25519(key.subarray(0, 32), message, signature.subarray(0, 64))).toBe(false);
          expect(await v.p256(key.subarray(0, 33), message, signature.subarray(0, 64))).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
