import qrcode from 'qrcode-generator';

export interface DrawQrOptions {
  /** QR version (1-40); 0 picks the smallest that fits. Tickets use 10 (PROTOCOL.md section 3). */
  version?: number;
  level?: 'L' | 'M' | 'Q' | 'H';
  /** Screen pixels per module: at least 4 for phone-to-scanner reading. */
  moduleSize?: number;
}

const quietZone = 4;

/**
 * Draws a QR code on a canvas at once, black on white with a 4-module quiet zone. `<QrCode>` uses it;
 * the wallet's rotating code calls it directly, in the same task that signed the presentation, so its
 * cost can be measured and a new code never waits for a render. Returns the canvas's CSS size in pixels.
 */
export function drawQrCode(canvas: HTMLCanvasElement, text: string, { version = 0, level = 'M', moduleSize = 5 }: DrawQrOptions = {}) {
  const code = qrcode(version as Parameters<typeof qrcode>[0], level);
  code.addData(text, /^[0-9A-Z $%*+\-./:]*$/.test(text) ? 'Alphanumeric' : 'Byte');
  code.make();
  const modules = code.getModuleCount();
  const scale = window.devicePixelRatio || 1;
  const size = (modules + 2 * quietZone) * moduleSize;
  if (canvas.width !== size * scale) {
    canvas.width = size * scale;
    canvas.height = size * scale;
    canvas.style.width = `${size}px`;
    canvas.style.height = `${size}px`;
  }
  const context = canvas.getContext('2d');
  if (!context) return size;
  // One pixel per module first, then one scaled copy without smoothing: a single blit instead of
  // thousands of fillRect calls, which on a phone without GPU canvas cost more than the signature.
  const side = modules + 2 * quietZone;
  const pixels = new ImageData(side, side);
  for (let row = 0; row < side; row++) {
    for (let col = 0; col < side; col++) {
      const dark = row >= quietZone && col >= quietZone && row < side - quietZone && col < side - quietZone && code.isDark(row - quietZone, col - quietZone);
      const offset = (row * side + col) * 4;
      const value = dark ? 0 : 255;
      pixels.data[offset] = value;
      pixels.data[offset + 1] = value;
      pixels.data[offset + 2] = value;
      pixels.data[offset + 3] = 255;
    }
  }
  const small = document.createElement('canvas');
  small.width = side;
  small.height = side;
  small.getContext('2d')?.putImageData(pixels, 0, 0);
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.imageSmoothingEnabled = false;
  context.drawImage(small, 0, 0, canvas.width, canvas.height);
  return size;
}
