import { describe, expect, it } from 'vitest';
import vectors from '@ticketguard/protocol/test-vectors.json' with { type: 'json' };
import { decideScan, gateStateFromPack, type Direction } from '@ticketguard/protocol';
import { nodeVerifier } from '../src/domain/gate/node-verifier.ts';

interface VectorCase {
  name: string;
  qr: string;
  now: number;
  pack?: unknown;
  checkIns?: Record<string, { scannedAt: string; gate: string; direction?: Direction }>;
  direction?: Direction;
  expected: { verdict: string; reason?: string };
}

describe("the protocol's test vectors through the server's node:crypto verifier", () => {
  const verifier = nodeVerifier();
  for (const testCase of vectors.cases as VectorCase[]) {
    it(testCase.name, async () => {
      const decision = await decideScan({
        qr: testCase.qr,
        state: gateStateFromPack(testCase.pack ?? vectors.pack),
        checkIns: new Map(Object.entries(testCase.checkIns ?? {})),
        now: testCase.now,
        verifier,
        ...(testCase.direction ? { direction: testCase.direction } : {}),
      });
      expect(decision.verdict).toBe(testCase.expected.verdict);
      expect(decision.reason).toBe(testCase.expected.reason);
    });
  }
});
