import { encodeQr, type QrLevel } from './qr-encoder.ts';

export interface DrawQrOptions {
  /** QR version (1-40); 0 picks the smallest that fits. Tickets use 10 (PROTOCOL.md section 3). */
  version?: number;
  level?: QrLevel;
  /** CSS pixels per module: at least 4 for phone-to-scanner reading. */
  moduleSize?: number;
}

const quietZone = 4;
const black = 0xff000000; // RGBA bytes 0, 0, 0, 255 in a little-endian word
const white = 0xffffffff;

/** The code as one pixel per module, black on white, with its 4-module quiet zone. */
export function qrPixels(text: string, { version = 0, level = 'M' }: DrawQrOptions = {}) {
  const code = encodeQr(text, { version, level });
  const side = code.size + 2 * quietZone;
  const pixels = new ImageData(side, side);
  const words = new Uint32Array(pixels.data.buffer).fill(white);
  for (let row = 0; row < code.size; row++) {
    for (let col = 0; col < code.size; col++) if (code.modules[row * code.size + col]) words[(row + quietZone) * side + col + quietZone] = black;
  }
  return pixels;
}

/**
 * Puts a code on a canvas at one canvas pixel per module; CSS scales it to `moduleSize` pixels per
 * module with `image-rendering: pixelated` (theme.css), so the modules stay sharp and a new code is
 * a copy of a few thousand pixels instead of a full-size redraw.
 */
export function showQr(canvas: HTMLCanvasElement, pixels: ImageData, moduleSize: number) {
  if (canvas.width !== pixels.width) {
    canvas.width = pixels.width;
    canvas.height = pixels.height;
  }
  canvas.style.width = canvas.style.height = `${pixels.width * moduleSize}px`;
  canvas.getContext('2d')?.putImageData(pixels, 0, 0);
}

export function drawQrCode(canvas: HTMLCanvasElement, text: string, { moduleSize = 5, ...options }: DrawQrOptions = {}) {
  showQr(canvas, qrPixels(text, options), moduleSize);
}
