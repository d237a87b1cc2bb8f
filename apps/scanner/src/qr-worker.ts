import jsqr from 'jsqr';

// jsQR is a CommonJS (UMD) bundle: depending on the interop its function is the default or its `default`.
type Decode = typeof jsqr.default;
const jsQR = ((jsqr as unknown as { default?: Decode }).default ?? jsqr) as Decode;

/**
 * Decodes QR codes from camera frames off the main thread, for browsers without BarcodeDetector, so
 * decoding never delays a verdict on screen. Answers each frame with the text, or null.
 */
interface Frame {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

const scope = self as unknown as { onmessage: (event: MessageEvent<Frame>) => void; postMessage(message: string | null): void };

scope.onmessage = (event) => {
  const { data, width, height } = event.data;
  const code = jsQR(data, width, height, { inversionAttempts: 'attemptBoth' });
  scope.postMessage(code?.data ?? null);
};
