import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64urlDecode,
  base64urlEncode,
  bytesEqual,
  bytesToUuid,
  concatBytes,
  hexDecode,
  hexEncode,
  readUint32BE,
  uuidToBytes,
  writeUint32BE,
} from '../src/index.ts';

describe('bytes', () => {
  it('base64url matches Node and round trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), (bytes) => {
        const encoded = base64urlEncode(bytes);
        expect(encoded).toBe(Buffer.from(bytes).toString('base64url'));
        expect(base64urlDecode(encoded)).toEqual(bytes);
      }),
    );
  });

  it.each(['A', 'AB', 'AAA=', 'AA+/', 'AA A', 'AAé'])('base64url rejects %j (length, non-canonical, padding, alphabet)', (bad) => {
    expect(() => base64urlDecode(bad)).toThrow(expect.objectContaining({ code: 'bad_encoding' }));
  });

  it('hex round trips and rejects odd or foreign input', () => {
    expect(hexEncode(new Uint8Array([0, 15, 255]))).toBe('000fff');
    expect(hexDecode('000FfF')).toEqual(new Uint8Array([0, 15, 255]));
    expect(() => hexDecode('abc')).toThrow();
    expect(() => hexDecode('zz')).toThrow();
  });

  it('UUIDs convert to 16 bytes in written order and back to lowercase', () => {
    const bytes = uuidToBytes('0B9E4B1C-5F7A-4D2E-9C3B-7A1E2F3D4C5B');
    expect(hexEncode(bytes)).toBe('0b9e4b1c5f7a4d2e9c3b7a1e2f3d4c5b');
    expect(bytesToUuid(bytes)).toBe('0b9e4b1c-5f7a-4d2e-9c3b-7a1e2f3d4c5b');
    expect(() => uuidToBytes('0b9e4b1c5f7a4d2e9c3b7a1e2f3d4c5b')).toThrow();
    expect(() => bytesToUuid(new Uint8Array(15))).toThrow();
  });

  it('uint32 big-endian covers the full range and refuses anything else', () => {
    const b = new Uint8Array(6);
    writeUint32BE(b, 1, 0xfffffffe);
    expect([...b]).toEqual([0, 0xff, 0xff, 0xff, 0xfe, 0]);
    expect(readUint32BE(b, 1)).toBe(0xfffffffe);
    for (const bad of [-1, 2 ** 32, 1.5, Number.NaN]) expect(() => writeUint32BE(b, 0, bad)).toThrow(RangeError);
    expect(() => writeUint32BE(b, 3, 1)).toThrow(RangeError);
    expect(() => readUint32BE(b, 3)).toThrow(RangeError);
  });

  it('concatenates and compares', () => {
    const joined = concatBytes(new Uint8Array([1]), new Uint8Array(), new Uint8Array([2, 3]));
    expect(joined).toEqual(new Uint8Array([1, 2, 3]));
    expect(bytesEqual(joined, new Uint8Array([1, 2, 3]))).toBe(true);
    expect(bytesEqual(joined, new Uint8Array([1, 2, 4]))).toBe(false);
    expect(bytesEqual(joined, new Uint8Array([1, 2]))).toBe(false);
  });
});
