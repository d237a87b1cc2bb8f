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
  context.setTransform(scale, 0, 0, scale, 0, 0);
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, size, size);
  context.fillStyle = '#000000';
  for (let row = 0; row < modules; row++) {
    for (let col = 0; col < modules; col++) {
      if (code.isDark(row, col)) context.fillRect((col + quietZone) * moduleSize, (row + quietZone) * moduleSize, moduleSize, moduleSize);
    }
  }
  return size;
}
