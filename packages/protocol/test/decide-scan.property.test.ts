import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWebCryptoVerifier, decideScan, isScanReason } from '../src/index.ts';
import { stateFor, vectors } from './helpers.ts';

const base45Chars = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'];
const accepted = vectors.cases.filter((c) => c.expected.verdict === 'accepted' && !c.pack && c.now === vectors.now && !c.direction);
const originals = new Set(accepted.map((c) => c.qr.trim()));
const validQr = fc.constantFrom(...accepted.map((c) => c.qr));
const anyChar = fc.oneof(fc.constantFrom(...base45Chars), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));

/** Random text, and valid QR texts damaged in every way a camera, a wedge or an attacker can. */
const qrTexts = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.string({ unit: fc.constantFrom(...base45Chars), minLength: 285, maxLength: 297 }).map((s) => `TG1:${s}`),
  fc
    .tuple(validQr, fc.array(fc.tuple(fc.nat(294), anyChar), { minLength: 1, maxLength: 4 }))
    .map(([qr, flips]) => flips.reduce((s, [at, ch]) => s.slice(0, at) + ch + s.slice(at + 1), qr)),
  fc.tuple(validQr, fc.nat(295)).map(([qr, n]) => qr.slice(0, n)),
  fc.tuple(validQr, fc.string({ maxLength: 10 })).map(([qr, tail]) => qr + tail),
  fc.tuple(validQr, fc.string({ maxLength: 6 })).map(([qr, prefix]) => prefix + qr.slice(4)),
);

describe('decideScan property', () => {
  it('never throws and always answers accepted or a known reason, for 10,000 hostile texts', async () => {
    const verifier = createWebCryptoVerifier();
    const state = stateFor();
    const checkIns = new Map<string, { scannedAt: string; gate: string }>();
    await fc.assert(
      fc.asyncProperty(qrTexts, async (qr) => {
        const decision = await decideScan({ qr, state, checkIns, now: vectors.now, verifier });
        if (decision.verdict === 'accepted') {
          expect(decision.reason).toBeUndefined();
          // Every byte is signed, and Base45 has one text per byte string: only the original passes.
          expect(originals.has(qr.trim())).toBe(true);
        } else {
          expect(decision.verdict).toBe('rejected');
          expect(isScanReason(decision.reason)).toBe(true);
        }
      }),
      { numRuns: 10_000 },
    );
  }, 120_000);
});
