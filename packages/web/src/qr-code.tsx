import { useEffect, useRef } from 'react';
import { drawQrCode, type DrawQrOptions } from './draw-qr.ts';

export interface QrCodeProps extends DrawQrOptions {
  text: string;
  label: string;
  testId?: string;
}

/** A QR code drawn on a canvas in black on white (scanners need the contrast, also in dark mode). */
export function QrCode({ text, version = 0, level = 'M', moduleSize = 5, label, testId }: QrCodeProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvas.current) drawQrCode(canvas.current, text, { version, level, moduleSize });
  }, [text, version, level, moduleSize]);
  return <canvas ref={canvas} role="img" aria-label={label} data-testid={testId} className="qr-code" />;
}
