/**
 * A QR code encoder (ISO/IEC 18004) for the one job the wallet does every 5 seconds: turn a
 * presentation into modules, fast, also on a cold phone. It works on one flat Uint8Array, so making
 * a version-10 code and scoring all eight masks takes about a millisecond, where a general library
 * built on nested arrays took 4 to 11 ms. Alphanumeric mode for Base45 text, byte mode (UTF-8) for
 * anything else, one segment, versions 1 to 40, levels L, M, Q and H.
 */

export type QrLevel = 'L' | 'M' | 'Q' | 'H';

export interface QrMatrix {
  version: number;
  /** Modules per side, without the quiet zone. */
  size: number;
  mask: number;
  /** `size * size` modules, row by row; 1 is dark. */
  modules: Uint8Array;
}

export interface QrOptions {
  /** 1 to 40; 0 picks the smallest that fits. */
  version?: number;
  level?: QrLevel;
  /** 0 to 7; left out, the mask with the lowest penalty (section 7.8.3) is used. */
  mask?: number;
}

const levels: Record<QrLevel, { index: number; formatBits: number }> = {
  L: { index: 0, formatBits: 1 },
  M: { index: 1, formatBits: 0 },
  Q: { index: 2, formatBits: 3 },
  H: { index: 3, formatBits: 2 },
};

// Error-correction codewords per block and number of blocks, by level (L, M, Q, H) and version 1-40.
const eccPerBlock = [
  [7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
  [10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
  [13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
  [17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
];
const blockCount = [
  [1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
  [1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
  [1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
  [1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
];

const alphanumeric = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const alphanumericText = /^[0-9A-Z $%*+\-./:]*$/;

/** Modules left for codewords once the function patterns are placed. */
function rawDataModules(version: number) {
  let result = (16 * version + 128) * version + 64;
  if (version >= 2) {
    const align = Math.floor(version / 7) + 2;
    result -= (25 * align - 10) * align - 55;
    if (version >= 7) result -= 36;
  }
  return result;
}

const dataCodewords = (version: number, level: number) =>
  Math.floor(rawDataModules(version) / 8) - eccPerBlock[level]![version - 1]! * blockCount[level]![version - 1]!;

/** Bits written most significant first into bytes; counts only when it has no room. */
class BitBuffer {
  length = 0;
  constructor(readonly bytes = new Uint8Array(0)) {}
  put(value: number, length: number) {
    for (let i = length - 1; i >= 0; i--, this.length++) {
      if (this.length >> 3 < this.bytes.length) this.bytes[this.length >> 3]! |= ((value >>> i) & 1) << (7 - (this.length & 7));
    }
  }
}

/** The segment's mode, its length in characters or bytes, and a writer of its data bits. */
function segmentOf(text: string) {
  if (alphanumericText.test(text)) {
    return {
      mode: 0b0010,
      count: text.length,
      countBits: [9, 11, 13],
      dataBits: 11 * Math.floor(text.length / 2) + 6 * (text.length % 2),
      write(buffer: BitBuffer) {
        for (let i = 0; i + 1 < text.length; i += 2) buffer.put(alphanumeric.indexOf(text[i]!) * 45 + alphanumeric.indexOf(text[i + 1]!), 11);
        if (text.length % 2 === 1) buffer.put(alphanumeric.indexOf(text.at(-1)!), 6);
      },
    };
  }
  const bytes = new TextEncoder().encode(text);
  return {
    mode: 0b0100,
    count: bytes.length,
    countBits: [8, 16, 16],
    dataBits: 8 * bytes.length,
    write(buffer: BitBuffer) {
      for (const byte of bytes) buffer.put(byte, 8);
    },
  };
}

// GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
const exp = new Uint8Array(512);
const log = new Uint8Array(256);
for (let i = 0, value = 1; i < 255; i++, value = (value << 1) ^ (value & 0x80 ? 0x11d : 0)) {
  exp[i] = value;
  log[value] = i;
}
for (let i = 255; i < 512; i++) exp[i] = exp[i - 255]!;
const multiply = (a: number, b: number) => (a === 0 || b === 0 ? 0 : exp[log[a]! + log[b]!]!);

const divisors = new Map<number, Uint8Array>();
/** The Reed-Solomon generator polynomial of `degree`, highest coefficient left out. */
function divisor(degree: number) {
  let result = divisors.get(degree);
  if (result) return result;
  result = new Uint8Array(degree);
  result[degree - 1] = 1;
  let root = 1;
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      result[j] = multiply(result[j]!, root);
      if (j + 1 < degree) result[j]! ^= result[j + 1]!;
    }
    root = multiply(root, 2);
  }
  divisors.set(degree, result);
  return result;
}

function errorCorrection(data: Uint8Array, degree: number) {
  const generator = divisor(degree);
  const result = new Uint8Array(degree);
  for (const byte of data) {
    const factor = byte ^ result[0]!;
    result.copyWithin(0, 1);
    result[degree - 1] = 0;
    for (let i = 0; i < degree; i++) result[i]! ^= multiply(generator[i]!, factor);
  }
  return result;
}

/** Data codewords split into blocks, each followed by its error correction, interleaved (section 7.6). */
function codewords(data: Uint8Array, version: number, level: number) {
  const blocks = blockCount[level]![version - 1]!;
  const ecc = eccPerBlock[level]![version - 1]!;
  const raw = Math.floor(rawDataModules(version) / 8);
  const shortBlocks = blocks - (raw % blocks);
  const shortLength = Math.floor(raw / blocks) - ecc;
  const parts: { data: Uint8Array; ecc: Uint8Array }[] = [];
  for (let i = 0, offset = 0; i < blocks; i++) {
    const part = data.subarray(offset, offset + shortLength + (i < shortBlocks ? 0 : 1));
    offset += part.length;
    parts.push({ data: part, ecc: errorCorrection(part, ecc) });
  }
  const result = new Uint8Array(raw);
  let at = 0;
  for (let i = 0; i <= shortLength; i++) for (const part of parts) if (i < part.data.length) result[at++] = part.data[i]!;
  for (let i = 0; i < ecc; i++) for (const part of parts) result[at++] = part.ecc[i]!;
  return result;
}

function alignmentPositions(version: number, size: number) {
  if (version === 1) return [];
  const count = Math.floor(version / 7) + 2;
  const step = version === 32 ? 26 : Math.ceil((version * 4 + 4) / (count * 2 - 2)) * 2;
  const result = [6];
  for (let position = size - 7; result.length < count; position -= step) result.splice(1, 0, position);
  return result;
}

const maskRules: ((row: number, col: number) => boolean)[] = [
  (r, c) => (r + c) % 2 === 0,
  (r) => r % 2 === 0,
  (_, c) => c % 3 === 0,
  (r, c) => (r + c) % 3 === 0,
  (r, c) => (Math.floor(r / 2) + Math.floor(c / 3)) % 2 === 0,
  (r, c) => ((r * c) % 2) + ((r * c) % 3) === 0,
  (r, c) => (((r * c) % 2) + ((r * c) % 3)) % 2 === 0,
  (r, c) => (((r + c) % 2) + ((r * c) % 3)) % 2 === 0,
];

/** The matrix before masking: function patterns placed, codewords laid out in the zigzag. */
class Layout {
  readonly modules: Uint8Array;
  readonly reserved: Uint8Array;

  constructor(readonly version: number, readonly size: number) {
    this.modules = new Uint8Array(size * size);
    this.reserved = new Uint8Array(size * size);
    for (const [row, col] of [[3, 3], [3, size - 4], [size - 4, 3]] as const) this.finder(row, col);
    for (let i = 8; i < size - 8; i++) {
      this.set(6, i, i % 2 === 0);
      this.set(i, 6, i % 2 === 0);
    }
    const positions = alignmentPositions(version, size);
    for (const row of positions) {
      for (const col of positions) {
        const onFinder = (row === 6 && (col === 6 || col === size - 7)) || (row === size - 7 && col === 6);
        if (!onFinder) this.alignment(row, col);
      }
    }
    this.format(0); // reserves the format areas and the dark module; the real bits come with the mask
    if (version >= 7) this.versionInfo();
  }

  set(row: number, col: number, dark: boolean, into = this.modules) {
    into[row * this.size + col] = dark ? 1 : 0;
    this.reserved[row * this.size + col] = 1;
  }

  private finder(row: number, col: number) {
    for (let dr = -4; dr <= 4; dr++) {
      for (let dc = -4; dc <= 4; dc++) {
        const r = row + dr;
        const c = col + dc;
        const ring = Math.max(Math.abs(dr), Math.abs(dc));
        if (r >= 0 && r < this.size && c >= 0 && c < this.size) this.set(r, c, ring !== 2 && ring !== 4);
      }
    }
  }

  private alignment(row: number, col: number) {
    for (let dr = -2; dr <= 2; dr++) for (let dc = -2; dc <= 2; dc++) this.set(row + dr, col + dc, Math.max(Math.abs(dr), Math.abs(dc)) !== 1);
  }

  /** The 15 format bits (level and mask, BCH-protected), in both copies, and the dark module. */
  format(bits: number, into = this.modules) {
    const size = this.size;
    const set = (row: number, col: number, i: number) => this.set(row, col, ((bits >>> i) & 1) === 1, into);
    for (let i = 0; i <= 5; i++) set(i, 8, i);
    set(7, 8, 6);
    set(8, 8, 7);
    set(8, 7, 8);
    for (let i = 9; i < 15; i++) set(8, 14 - i, i);
    for (let i = 0; i < 8; i++) set(8, size - 1 - i, i);
    for (let i = 8; i < 15; i++) set(size - 15 + i, 8, i);
    this.set(size - 8, 8, true, into);
  }

  private versionInfo() {
    let remainder = this.version;
    for (let i = 0; i < 12; i++) remainder = (remainder << 1) ^ ((remainder >>> 11) * 0x1f25);
    const bits = (this.version << 12) | remainder;
    for (let i = 0; i < 18; i++) {
      const dark = ((bits >>> i) & 1) === 1;
      const a = this.size - 11 + (i % 3);
      const b = Math.floor(i / 3);
      this.set(b, a, dark);
      this.set(a, b, dark);
    }
  }

  /** Codeword bits, most significant first, up and down two columns at a time from the right. */
  place(data: Uint8Array) {
    const size = this.size;
    let i = 0;
    for (let right = size - 1; right >= 1; right -= 2) {
      if (right === 6) right = 5;
      const upward = ((right + 1) & 2) === 0;
      for (let step = 0; step < size; step++) {
        const row = upward ? size - 1 - step : step;
        for (let col = right; col >= right - 1; col--) {
          const at = row * size + col;
          if (this.reserved[at] || i >= data.length * 8) continue;
          this.modules[at] = (data[i >>> 3]! >>> (7 - (i & 7))) & 1;
          i++;
        }
      }
    }
  }

  masked(mask: number, level: QrLevel) {
    const size = this.size;
    const result = new Uint8Array(this.modules);
    const rule = maskRules[mask]!;
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) {
        const at = row * size + col;
        if (!this.reserved[at] && rule(row, col)) result[at]! ^= 1;
      }
    }
    const data = (levels[level].formatBits << 3) | mask;
    let remainder = data;
    for (let i = 0; i < 10; i++) remainder = (remainder << 1) ^ ((remainder >>> 9) * 0x537);
    this.format(((data << 10) | remainder) ^ 0x5412, result);
    return result;
  }
}

// 1:1:3:1:1 with four light modules before or after, as 11-bit windows (section 7.8.3, rule 3).
const finderBefore = 0b00001011101;
const finderAfter = 0b10111010000;

/**
 * The penalty score of section 7.8.3: runs of five or more, 2x2 blocks, finder look-alikes and dark
 * balance. Outside the symbol counts as light, as the quiet zone is.
 */
export function penalty(modules: Uint8Array, size: number) {
  let score = 0;
  let dark = 0;
  for (let line = 0; line < size; line++) {
    for (const [start, step] of [[line * size, 1], [line, size]] as const) {
      let run = 0;
      let previous = -1;
      let window = 0;
      for (let i = 0; i < size + 4; i++) {
        const value = i < size ? modules[start + i * step]! : 0;
        if (i < size) {
          if (value === previous) run++;
          else {
            if (run >= 5) score += run - 2;
            run = 1;
            previous = value;
          }
        }
        window = ((window << 1) | value) & 0x7ff;
        if (i >= 6 && (window === finderBefore || window === finderAfter)) score += 40;
      }
      if (run >= 5) score += run - 2;
    }
    for (let col = 0; col < size; col++) {
      const at = line * size + col;
      const value = modules[at]!;
      dark += value;
      if (line + 1 < size && col + 1 < size && value === modules[at + 1] && value === modules[at + size] && value === modules[at + size + 1]) score += 3;
    }
  }
  const total = size * size;
  return score + (Math.ceil(Math.abs(dark * 20 - total * 10) / total) - 1) * 10;
}

/** Encodes `text` as a QR code; throws a RangeError when it does not fit the version asked for. */
export function encodeQr(text: string, { version = 0, level = 'M', mask }: QrOptions = {}): QrMatrix {
  const levelIndex = levels[level].index;
  const segment = segmentOf(text);
  const bitsFor = (v: number) => 4 + segment.countBits[v <= 9 ? 0 : v <= 26 ? 1 : 2]! + segment.dataBits;
  let chosen = version;
  if (chosen === 0) {
    chosen = 1;
    while (chosen < 40 && bitsFor(chosen) > dataCodewords(chosen, levelIndex) * 8) chosen++;
  }
  const capacity = dataCodewords(chosen, levelIndex) * 8;
  if (chosen < 1 || chosen > 40 || bitsFor(chosen) > capacity) throw new RangeError(`the text does not fit a version ${chosen}-${level} QR code`);

  const data = new Uint8Array(capacity / 8);
  const buffer = new BitBuffer(data);
  buffer.put(segment.mode, 4);
  buffer.put(segment.count, segment.countBits[chosen <= 9 ? 0 : chosen <= 26 ? 1 : 2]!);
  segment.write(buffer);
  buffer.put(0, Math.min(4, capacity - buffer.length));
  buffer.put(0, (8 - (buffer.length % 8)) % 8);
  for (let i = buffer.length / 8, pad = 0xec; i < data.length; i++, pad ^= 0xec ^ 0x11) data[i] = pad;

  const size = chosen * 4 + 17;
  const layout = new Layout(chosen, size);
  layout.place(codewords(data, chosen, levelIndex));
  if (mask !== undefined) return { version: chosen, size, mask, modules: layout.masked(mask, level) };
  let best: QrMatrix | undefined;
  let bestScore = Infinity;
  for (let candidate = 0; candidate < 8; candidate++) {
    const modules = layout.masked(candidate, level);
    const score = penalty(modules, size);
    if (score < bestScore) [best, bestScore] = [{ version: chosen, size, mask: candidate, modules }, score];
  }
  return best!;
}
