import { randomBytes } from 'node:crypto';

let lastMs = -1;
let counter = 0;

/**
 * A UUID version 7 (RFC 9562): 48 bits of milliseconds, then a counter that keeps ids made in the
 * same millisecond in order, then random bits. Sorting by id sorts by creation, which an
 * append-only ledger needs when two rows share a timestamp.
 */
export function orderedId(at: Date) {
  const ms = at.getTime();
  if (ms > lastMs) {
    lastMs = ms;
    counter = 0;
  } else {
    counter += 1; // same millisecond, or a clock that stepped back: stay after the previous id
  }
  const bytes = randomBytes(16);
  const time = Math.max(ms, lastMs);
  bytes.writeUIntBE(time, 0, 6);
  bytes[6] = 0x70 | ((counter >> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
