import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The parts of the BarcodeDetector API we use; TypeScript's DOM library does not declare it yet. */
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

type Problem = 'none' | 'denied' | 'unsupported';

const frameIntervalMs = 120;
/** A code held in front of the camera is read many times a second; one read per code is enough. */
const repeatAfterMs = 4000;

async function nativeDetector() {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (!Detector) return undefined;
  try {
    return (await Detector.getSupportedFormats()).includes('qr_code') ? new Detector({ formats: ['qr_code'] }) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The camera as a QR reader while mounted: BarcodeDetector where the browser has it, else jsQR in a
 * module worker fed with downscaled frames. Without a camera it says so instead of failing.
 */
export function Camera({ onText }: { onText: (text: string) => void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<Problem | undefined>();
  const latest = useRef(onText);
  latest.current = onText;

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | undefined;
    let worker: Worker | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const seen = new Map<string, number>();
    const found = (text: string | null | undefined) => {
      if (!text || stopped) return;
      const now = Date.now();
      if (now - (seen.get(text) ?? 0) < repeatAfterMs) return;
      seen.set(text, now);
      latest.current(text);
    };

    async function begin() {
      if (!navigator.mediaDevices?.getUserMedia) return setProblem('unsupported');
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      } catch (error) {
        const name = error instanceof DOMException ? error.name : '';
        return setProblem(name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : name === 'NotFoundError' || name === 'OverconstrainedError' ? 'none' : 'unsupported');
      }
      const element = video.current;
      if (stopped || !element) return stream.getTracks().forEach((track) => track.stop());
      element.srcObject = stream;
      await element.play().catch(() => undefined);
      const detector = await nativeDetector();
      const canvas = document.createElement('canvas');
      let busy = false;
      if (!detector) {
        worker = new Worker(new URL('./qr-worker.ts', import.meta.url), { type: 'module' });
        worker.onmessage = (event: MessageEvent<string | null>) => {
          busy = false;
          found(event.data);
        };
      }
      const tick = async () => {
        if (stopped) return;
        if (!busy && element.videoWidth > 0) {
          if (detector) {
            busy = true;
            found((await detector.detect(element).catch(() => []))[0]?.rawValue);
            busy = false;
          } else {
            const scale = Math.min(1, 640 / element.videoWidth);
            canvas.width = Math.round(element.videoWidth * scale);
            canvas.height = Math.round(element.videoHeight * scale);
            const context = canvas.getContext('2d', { willReadFrequently: true });
            if (context) {
              context.drawImage(element, 0, 0, canvas.width, canvas.height);
              const frame = context.getImageData(0, 0, canvas.width, canvas.height);
              busy = true;
              worker!.postMessage({ data: frame.data, width: frame.width, height: frame.height }, [frame.data.buffer]);
            }
          }
        }
        timer = setTimeout(() => void tick(), frameIntervalMs);
      };
      void tick();
    }

    void begin();
    return () => {
      stopped = true;
      clearTimeout(timer);
      worker?.terminate();
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, []);

  if (problem) return <p className="notice" role="status" data-testid="camera-problem">{t(`camera.${problem}`)}</p>;
  return <video ref={video} className="camera-view" muted playsInline aria-label={t('camera.video')} data-testid="camera-view" />;
}
