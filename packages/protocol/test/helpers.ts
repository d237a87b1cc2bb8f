/** Shared by the tests: the committed vectors and a node:crypto SignatureVerifier. */
import { createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { base64urlEncode, gateStateFromPack, p256JwkFromCompressed } from '../src/index.ts';
import type { GateState, SignatureVerifier } from '../src/index.ts';
import { testVectorsPath } from '../scripts/make-test-vectors.ts';
import type { TestVectors, VectorCase } from '../scripts/make-test-vectors.ts';

export const vectorsText = readFileSync(testVectorsPath, 'utf8');
export const vectors = JSON.parse(vectorsText) as TestVectors;

export function stateFor(testCase?: VectorCase): GateState {
  return gateStateFromPack(testCase?.pack ?? vectors.pack);
}

/** The verifier a Node server would inject: node:crypto, no WebCrypto, no noble. */
export const nodeVerifier: SignatureVerifier = {
  ed25519(publicKey, message, signature) {
    try {
      const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: base64urlEncode(publicKey) }, format: 'jwk' });
      return verify(null, message, key, signature);
    } catch {
      return false;
    }
  },
  p256(publicKey, message, signature) {
    try {
      const key = createPublicKey({ key: { ...p256JwkFromCompressed(publicKey) }, format: 'jwk' });
      return verify('sha256', message, { key, dsaEncoding: 'ieee-p1363' }, signature);
    } catch {
      return false;
    }
  },
};
