/** Byte helpers shared by the encoders; plain Uint8Array so the same code runs in browsers and Node. */
import { MalformedError } from './malformed-error.ts';

const b64Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const b64Value = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) b64Value[b64Alphabet.charCodeAt(i)] = i;

/** Unpadded base64url (RFC 4648 section 5), as used by JWK and the gate pack. */
export function base64urlEncode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += b64Alphabet[n >> 18]! + b64Alphabet[(n >> 12) & 63]! + b64Alphabet[(n >> 6) & 63]! + b64Alphabet[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += b64Alphabet[n >> 18]! + b64Alphabet[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += b64Alphabet[n >> 18]! + b64Alphabet[(n >> 12) & 63]! + b64Alphabet[(n >> 6) & 63]!;
  }
  return out;
}

/**
 * Strict decoder: no padding, no foreign characters, and unused trailing bits must be zero, so every
 * byte string has exactly one accepted text. Pack lookups key on that text (the kid), so it matters.
 */
export function base64urlDecode(text: string): Uint8Array<ArrayBuffer> {
  if (text.length % 4 === 1) throw new MalformedError('bad_encoding', 'invalid base64url length');
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const v = code < 128 ? b64Value[code]! : -1;
    if (v < 0) throw new MalformedError('bad_encoding', `invalid base64url character at ${i}`);
    acc = ((acc << 6) | v) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) throw new MalformedError('bad_encoding', 'non-canonical base64url');
  return out;
}

export function hexEncode(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export function hexDecode(text: string): Uint8Array<ArrayBuffer> {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) {
    throw new MalformedError('bad_encoding', 'invalid hex');
  }
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(text: unknown): text is string {
  return typeof text === 'string' && uuidPattern.test(text);
}

/** Accepts either case; the 16 bytes are the UUID's hex digits in their written order. */
export function uuidToBytes(uuid: string): Uint8Array<ArrayBuffer> {
  if (!isUuid(uuid)) throw new MalformedError('bad_encoding', 'invalid UUID');
  return hexDecode(uuid.replaceAll('-', ''));
}

/** Always lowercase, so ids coming from bytes compare equal to normalised pack ids. */
export function bytesToUuid(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new MalformedError('bad_length', 'a UUID is 16 bytes');
  const h = hexEncode(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function isUint32(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff;
}

export function readUint32BE(bytes: Uint8Array, offset: number): number {
  if (offset < 0 || offset + 4 > bytes.length) throw new RangeError('uint32 read out of bounds');
  // Multiplying instead of shifting keeps the top bit from turning the result negative.
  return bytes[offset]! * 0x1000000 + ((bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!);
}

export function writeUint32BE(bytes: Uint8Array, offset: number, value: number): void {
  if (!isUint32(value)) throw new RangeError(`not a uint32: ${value}`);
  if (offset < 0 || offset + 4 > bytes.length) throw new RangeError('uint32 write out of bounds');
  bytes[offset] = Math.floor(value / 0x1000000);
  bytes[offset + 1] = (value >> 16) & 0xff;
  bytes[offset + 2] = (value >> 8) & 0xff;
  bytes[offset + 3] = value & 0xff;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Compares without an early exit so the time taken does not reveal where two secrets first differ.
 * ("-ish": a JIT gives no hard guarantee, but there is no data-dependent branch to exploit.)
 */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
