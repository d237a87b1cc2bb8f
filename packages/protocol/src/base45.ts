/** Base45 (RFC 9285): the encoding that keeps the QR code in the compact alphanumeric mode. */
import { MalformedError } from './malformed-error.ts';

const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

// Reverse lookup by char code; -1 marks characters outside the alphabet.
const valueOf = new Int8Array(128).fill(-1);
for (let i = 0; i < alphabet.length; i++) valueOf[alphabet.charCodeAt(i)] = i;

export function base45Encode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 1 < bytes.length; i += 2) {
    let n = bytes[i]! * 256 + bytes[i + 1]!;
    const c = n % 45;
    n = (n - c) / 45;
    const d = n % 45;
    const e = (n - d) / 45;
    out += alphabet[c]! + alphabet[d]! + alphabet[e]!;
  }
  if (i < bytes.length) {
    const n = bytes[i]!;
    out += alphabet[n % 45]! + alphabet[Math.floor(n / 45)]!;
  }
  return out;
}

function digit(text: string, index: number): number {
  const code = text.charCodeAt(index);
  const v = code < 128 ? valueOf[code]! : -1;
  if (v < 0) throw new MalformedError('bad_base45', `invalid Base45 character at ${index}`);
  return v;
}

/** Strict decoder: rejects foreign characters, a dangling single character and overflowing groups. */
export function base45Decode(text: string): Uint8Array<ArrayBuffer> {
  if (text.length % 3 === 1) throw new MalformedError('bad_base45', 'invalid Base45 length');
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  let o = 0;
  let i = 0;
  for (; i + 2 < text.length; i += 3) {
    const n = digit(text, i) + digit(text, i + 1) * 45 + digit(text, i + 2) * 2025;
    if (n > 0xffff) throw new MalformedError('bad_base45', `Base45 group at ${i} exceeds 65535`);
    out[o++] = n >> 8;
    out[o++] = n & 0xff;
  }
  if (i < text.length) {
    // A trailing pair encodes one byte; anything above 255 has no canonical encoder and is refused.
    const n = digit(text, i) + digit(text, i + 1) * 45;
    if (n > 0xff) throw new MalformedError('bad_base45', `Base45 pair at ${i} exceeds 255`);
    out[o] = n;
  }
  return out;
}
