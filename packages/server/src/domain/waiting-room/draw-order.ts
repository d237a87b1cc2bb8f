import { createHmac } from 'node:crypto';

/**
 * The draw of a waiting room: a uniformly random order of the `count` visitors who came before the
 * opening, from a recorded 32-byte seed, so that anyone holding the seed can replay it. Fisher-Yates,
 * with HMAC-SHA-256(seed, block number) as the random bytes and rejection sampling, so every index is
 * exactly uniform (no modulo bias). Returns the arrival numbers (1-based) in their drawn order: the
 * first element is the arrival that gets place 1.
 */
export function drawOrder(seedHex: string, count: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i + 1);
  const random = randomWords(Buffer.from(seedHex, 'hex'));
  for (let i = count - 1; i > 0; i -= 1) {
    const j = uniformBelow(i + 1, random);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** Unsigned 32-bit words from HMAC-SHA-256(seed, block counter), block after block. */
function randomWords(seed: Buffer) {
  let block = 0;
  let words: Buffer = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset >= words.length) {
      const counter = Buffer.alloc(8);
      counter.writeBigUInt64BE(BigInt(block++));
      words = createHmac('sha256', seed).update(counter).digest();
      offset = 0;
    }
    const word = words.readUInt32BE(offset);
    offset += 4;
    return word;
  };
}

/** A uniform integer in [0, bound), discarding the top sliver of 2^32 that would bias the remainder. */
function uniformBelow(bound: number, next: () => number) {
  const limit = Math.floor(0x1_0000_0000 / bound) * bound;
  for (;;) {
    const word = next();
    if (word < limit) return word % bound;
  }
}
