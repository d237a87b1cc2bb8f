import { useEffect, useRef } from 'react';
import qrcode from 'qrcode-generator';

export interface QrCodeProps {
  text: string;
  /** QR version (1-40); 0 picks the smallest that fits. Tickets use 10 (PROTOCOL.md section 3). */
  version?: number;
  level?: 'L' | 'M' | 'Q' | 'H';
  /** Screen pixels per module: at least 4 for phone-to-scanner reading. */
  moduleSize?: number;
  label: string;
  testId?: string;
}

const quietZone = 4;

/** A QR code drawn on a canvas in black on white (scanners need the contrast, also in dark mode). */
export function QrCode({ text, version = 0, level = 'M', moduleSize = 5, label, testId }: QrCodeProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const code = qrcode(version as Parameters<typeof qrcode>[0], level);
    code.addData(text, text.startsWith('TG1:') ? 'Alphanumeric' : 'Byte');
    code.make();
    const modules = code.getModuleCount();
    const scale = window.devicePixelRatio || 1;
    const size = (modules + 2 * quietZone) * moduleSize;
    element.width = size * scale;
    element.height = size * scale;
    element.style.width = `${size}px`;
    element.style.height = `${size}px`;
    const context = element.getContext('2d');
    if (!context) return;
    context.setTransform(scale, 0, 0, scale, 0, 0);
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, size, size);
    context.fillStyle = '#000000';
    for (let row = 0; row < modules; row++) {
      for (let col = 0; col < modules; col++) {
        if (code.isDark(row, col)) context.fillRect((col + quietZone) * moduleSize, (row + quietZone) * moduleSize, moduleSize, moduleSize);
      }
    }
  }, [text, version, level, moduleSize]);
  return <canvas ref={canvas} role="img" aria-label={label} data-testid={testId} className="qr-code" />;
}
