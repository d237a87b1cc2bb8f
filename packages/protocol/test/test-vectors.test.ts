import { describe, expect, it } from 'vitest';
import {
  createNobleVerifier,
  createWebCryptoVerifier,
  decideScan,
  encodeCredentialBody,
  hexDecode,
  hexEncode,
  holderKeyFromCryptoKey,
  kidOf,
  parseCredential,
  parseQrText,
  presentationToQrText,
  scanReasons,
} from '../src/index.ts';
import type { SignatureVerifier } from '../src/index.ts';
import { buildTestVectors, serializeTestVectors } from '../scripts/make-test-vectors.ts';
import { nodeVerifier, stateFor, vectors, vectorsText } from './helpers.ts';

const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

const verifiers: [string, SignatureVerifier][] = [
  ['WebCrypto', createWebCryptoVerifier()],
  ['noble', createNobleVerifier()],
  ['node:crypto', nodeVerifier],
];

describe('test vectors', () => {
  it('are exactly what scripts/make-test-vectors.ts produces', () => {
    expect(serializeTestVectors(buildTestVectors())).toBe(vectorsText);
  });

  it('cover every reason of section 4 and the special acceptances', () => {
    const reasons = new Set(vectors.cases.map((c) => c.expected.reason));
    for (const reason of scanReasons) expect(reasons).toContain(reason);
    const names = vectors.cases.map((c) => c.name);
    for (const name of ['accepted', 'accepted_unknown_in_pack', 'accepted_higher_seq', 'accepted_high_s', 'already_used_pack', 'already_used_local']) {
      expect(names).toContain(name);
    }
    expect(new Set(names).size).toBe(names.length);
  });

  it('agree with the package encoders', async () => {
    const { credential, presentation, keys } = vectors;
    const bytes = hexDecode(credential.hex);
    const parsed = parseCredential(bytes);
    expect(parsed).toMatchObject({
      type: credential.fields.type,
      subjectId: credential.fields.subjectId,
      seq: credential.fields.seq,
      notAfter: credential.fields.notAfter,
    });
    expect(hexEncode(parsed.kid)).toBe(credential.fields.kidHex);
    expect(hexEncode(parsed.holderKey)).toBe(credential.fields.holderKeyHex);
    expect(hexEncode(encodeCredentialBody(parsed))).toBe(credential.hex.slice(0, 124));
    expect(Buffer.from(bytes).toString('base64url')).toBe(credential.base64url);
    expect(presentationToQrText(hexDecode(presentation.hex))).toBe(presentation.qr);
    expect(parseQrText(presentation.qr).presentedAt).toBe(presentation.presentedAt);
    expect(hexEncode(await kidOf(hexDecode(keys.issuer.publicKeyHex)))).toBe(keys.issuer.kidHex);
    for (const holder of [keys.holder, keys.otherHolder]) {
      const { d: _d, ...publicJwk } = holder.privateJwk;
      const key = await crypto.subtle.importKey('jwk', publicJwk, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
      expect(hexEncode(await holderKeyFromCryptoKey(key))).toBe(holder.publicKeyCompressedHex);
    }
  });

  it('include a holder signature that really is high-S', () => {
    const highS = vectors.cases.find((c) => c.name === 'accepted_high_s')!;
    const s = BigInt('0x' + hexEncode(parseQrText(highS.qr).holderSignature.subarray(32)));
    expect(s > P256_N / 2n).toBe(true);
  });

  describe.each(verifiers)('decideScan with the %s verifier', (_name, verifier) => {
    it.each(vectors.cases.map((c) => [c.name, c] as const))('%s', async (_caseName, testCase) => {
      const decision = await decideScan({
        qr: testCase.qr,
        state: stateFor(testCase),
        checkIns: new Map(Object.entries(testCase.checkIns ?? {})),
        now: testCase.now,
        verifier,
        ...(testCase.direction ? { direction: testCase.direction } : {}),
      });
      const { expected } = testCase;
      expect(decision.verdict).toBe(expected.verdict);
      expect(decision.reason).toBe(expected.reason);
      expect(decision.unknownInPack ?? false).toBe(expected.unknownInPack ?? false);
      if (expected.firstScan) expect(decision.firstScan).toEqual(expected.firstScan);
      if (expected.subjectId) expect(decision.subjectId).toBe(expected.subjectId);
      if (expected.seq !== undefined) expect(decision.seq).toBe(expected.seq);
    });
  });
});
