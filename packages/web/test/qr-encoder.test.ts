import fc from 'fast-check';
import jsQR from 'jsqr';
import qrcode from 'qrcode-generator';
import { describe, expect, it } from 'vitest';
import { encodeQr, penalty, type QrLevel, type QrMatrix } from '../src/qr-encoder.ts';

const levels: QrLevel[] = ['L', 'M', 'Q', 'H'];

/** What a camera sees: the code at 3 pixels per module inside its 4-module quiet zone. */
function read(code: QrMatrix) {
  const scale = 3;
  const side = (code.size + 8) * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let row = 0; row < code.size; row++) {
    for (let col = 0; col < code.size; col++) {
      if (!code.modules[row * code.size + col]) continue;
      for (let y = 0; y < scale; y++) {
        for (let x = 0; x < scale; x++) {
          const at = (((row + 4) * scale + y) * side + (col + 4) * scale + x) * 4;
          pixels.fill(0, at, at + 3);
        }
      }
    }
  }
  return jsQR.default(pixels, side, side, { inversionAttempts: 'dontInvert' });
}

function sameModules(code: QrMatrix, reference: ReturnType<typeof qrcode>) {
  for (let row = 0; row < code.size; row++) {
    for (let col = 0; col < code.size; col++) if (Boolean(code.modules[row * code.size + col]) !== reference.isDark(row, col)) return false;
  }
  return true;
}

describe('QR encoder', () => {
  it('lays out every version and level module for module as an established encoder does', () => {
    const texts = ['TG1:NCF%RT$5+1', 'https://tickets.example/scanner/pair#token', '0123456789ABCDEF'.repeat(20)];
    let compared = 0;
    for (const level of levels) {
      for (let version = 1; version <= 40; version++) {
        for (const text of texts) {
          const reference = qrcode(version as Parameters<typeof qrcode>[0], level);
          reference.addData(text, /^[0-9A-Z $%*+\-./:]*$/.test(text) ? 'Alphanumeric' : 'Byte');
          try {
            reference.make();
          } catch {
            expect(() => encodeQr(text, { version, level })).toThrow(RangeError);
            continue;
          }
          // The reference picks its own mask; ours must equal it under one of the eight.
          const masks = [0, 1, 2, 3, 4, 5, 6, 7].filter((mask) => sameModules(encodeQr(text, { version, level, mask }), reference));
          expect(masks, `version ${version}-${level}, ${JSON.stringify(text)}`).toHaveLength(1);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(400); // of 480: the long text does not fit the smallest versions
  });

  it('makes ticket presentations a camera reads back, under every mask', () => {
    const presentation = 'NCFP:5S$A' + '%3PL:$.OCNA-IAWCA$1M+U2'.repeat(12);
    for (let mask = 0; mask < 8; mask++) {
      const code = encodeQr(presentation, { version: 10, level: 'M', mask });
      expect(code).toMatchObject({ version: 10, size: 57, mask });
      expect(read(code)?.data).toBe(presentation);
    }
  });

  it('picks the smallest version that fits and reads back any text, UTF-8 included', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.stringMatching(/^[0-9A-Z $%*+\-./:]{0,400}$/)), fc.constantFrom(...levels), (text, level) => {
        const code = encodeQr(text, { level });
        expect(code.size).toBe(code.version * 4 + 17);
        expect(read(code)?.data).toBe(text);
        if (code.version > 1) expect(() => encodeQr(text, { level, version: code.version - 1 })).toThrow(RangeError);
      }),
      { numRuns: 150 },
    );
  });

  it('chooses the mask with the lowest penalty', () => {
    const text = 'TG1:' + 'A1B2C3'.repeat(40);
    const scores = [0, 1, 2, 3, 4, 5, 6, 7].map((mask) => penalty(encodeQr(text, { version: 10, mask }).modules, 57));
    expect(encodeQr(text, { version: 10 }).mask).toBe(scores.indexOf(Math.min(...scores)));
  });

  it('scores runs, 2x2 blocks, finder look-alikes and dark balance as section 7.8.3 says', () => {
    // All light, 21 x 21: 42 lines of one 21-long run (19 each), 400 blocks (3 each), 50% off by 50% (90).
    expect(penalty(new Uint8Array(21 * 21), 21)).toBe(42 * 19 + 400 * 3 + 90);
    // Every row 1 0 1 1 1 0 1 0 0 0 0: a finder look-alike with light on both sides (2 x 40), no long run;
    // every column one run of 11 (9 each); 50 2x2 blocks (columns 2-4 and 7-10); 55 of 121 dark (0).
    const modules = new Uint8Array(11 * 11);
    for (let row = 0; row < 11; row++) modules.set([1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0], row * 11);
    expect(penalty(modules, 11)).toBe(11 * 80 + 11 * 9 + 50 * 3);
  });
});
