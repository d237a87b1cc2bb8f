import { describe, expect, it } from 'vitest';
import { base45Decode, base45Encode, MalformedError } from '../src/index.ts';

const text = (s: string) => new TextEncoder().encode(s);

describe('base45 (RFC 9285)', () => {
  it.each([
    ['AB', 'BB8'],
    ['Hello!!', '%69 VD92EX0'],
    ['base-45', 'UJCLQE7W581'],
    ['ietf!', 'QED8WEX0'],
  ])('encodes and decodes %j <-> %j', (plain, encoded) => {
    expect(base45Encode(text(plain))).toBe(encoded);
    expect(new TextDecoder().decode(base45Decode(encoded))).toBe(plain);
  });

  it('rejects "GGW" (65536 exceeds 16 bits), as the RFC requires', () => {
    expect(() => base45Decode('GGW')).toThrow(MalformedError);
  });

  it.each([
    ['lowercase character', 'bb8'],
    ['dangling single character', 'BB8B'],
    ['character outside ASCII', 'B€8'],
    ['two-character group above 255', '::'],
  ])('rejects %s', (_name, input) => {
    expect(() => base45Decode(input)).toThrow(expect.objectContaining({ code: 'bad_base45' }));
  });

  it('round trips every length up to 40 and the extreme byte values', () => {
    for (let n = 0; n <= 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n) & 0xff);
      expect(base45Decode(base45Encode(bytes))).toEqual(bytes);
    }
    const extremes = new Uint8Array([0xff, 0xff, 0x00, 0x00, 0xff]);
    expect(base45Decode(base45Encode(extremes))).toEqual(extremes);
  });
});
