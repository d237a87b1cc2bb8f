import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PRESENTATION_LENGTH, base64urlDecode, createPresentation, presentationToQrText } from '@ticketguard/protocol';
import { qrPixels, showQr } from '@ticketguard/web/draw-qr.ts';
import { serverNow } from '@ticketguard/web/server-clock.ts';
import { signingKeyFor } from '../lib/presentation-keys.ts';

/** PROTOCOL.md section 3: a new presentation every 5 s while the code is on screen. */
const periodMs = 5000;
const modules = 57 + 2 * 4; // version 10 plus the 4-module quiet zone on each side

/** As many whole screen pixels per module as fit the space, never fewer than 4 (phone-to-scanner reading). */
const moduleSizeFor = (width: number) => Math.max(4, Math.min(7, Math.floor(width / modules)));

/**
 * Makes one throw-away code while the phone is idle after start, so that the first real code (the
 * moment a ticket is opened at the gate) does not also pay for compiling the encoder.
 */
export function warmUpQr() {
  const idle = window.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 1000));
  idle(() => void qrPixels(presentationToQrText(new Uint8Array(PRESENTATION_LENGTH)), { version: 10, level: 'M' }));
}

/**
 * The rotating QR of a ticket or voucher, made on the phone from the stored credential and the
 * non-extractable key it binds, so it works with the network off. On the figure, `data-prepare-ms` is what the
 * last code cost to make (sign, encode to pixels) and `data-ms` how long it took to appear once due.
 */
export function RotatingQr({ credential, label, testId }: { credential: string; label: string; testId: string }) {
  const { t } = useTranslation();
  const frame = useRef<HTMLElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const moduleSize = useRef(moduleSizeFor(window.innerWidth - 32));
  const [drawn, setDrawn] = useState(false);

  // The code fills the width it is given (a page, or a card inside one), in whole pixels per module.
  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const observer = new ResizeObserver(() => {
      moduleSize.current = moduleSizeFor(element.clientWidth);
      canvas.current?.style.setProperty('width', `${modules * moduleSize.current}px`);
      canvas.current?.style.setProperty('height', `${modules * moduleSize.current}px`);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const bytes = base64urlDecode(credential);
    // The key the credential binds: this organizer's presentation key, or the device key.
    const key = signingKeyFor(bytes);

    /** Signs and encodes the code for `presentedAt` into pixels: the whole cost of a new QR. */
    const prepare = async (presentedAt: number) => {
      const privateKey = await key;
      const startedAt = performance.now();
      const text = presentationToQrText(await createPresentation(bytes, privateKey, presentedAt));
      const pixels = qrPixels(text, { version: 10, level: 'M' });
      return { pixels, ms: performance.now() - startedAt };
    };

    /** Puts a prepared code on screen: a copy of pixels, so the change at the 5-second mark is instant. */
    const show = ({ pixels, ms }: Awaited<ReturnType<typeof prepare>>) => {
      if (stopped || !canvas.current) return;
      const startedAt = performance.now();
      showQr(canvas.current, pixels, moduleSize.current);
      frame.current?.setAttribute('data-prepare-ms', ms.toFixed(1));
      frame.current?.setAttribute('data-ms', (performance.now() - startedAt).toFixed(1));
      setDrawn(true);
    };

    // The next code is made during the current one's 5 seconds, stamped with the server-clock mark at
    // which it appears, so every screen of a phone changes together and never waits for the signature.
    const schedule = async () => {
      const mark = Math.ceil((serverNow().getTime() + 1) / periodMs) * periodMs;
      const upcoming = await prepare(mark / 1000);
      if (stopped) return;
      timer = setTimeout(() => {
        show(upcoming);
        void schedule();
      }, Math.max(0, mark - serverNow().getTime()));
    };
    void prepare(Math.floor(serverNow().getTime() / 1000)).then((first) => {
      show(first);
      void schedule();
    });
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [credential]);

  return (
    <figure ref={frame} className="qr-frame">
      <canvas ref={canvas} role="img" aria-label={label} data-testid={testId} className={drawn ? 'qr-code' : 'qr-code qr-placeholder'} width={modules} height={modules} style={{ width: modules * moduleSize.current, height: modules * moduleSize.current }} />
      <figcaption className="muted">{t('qr.brightness')}</figcaption>
    </figure>
  );
}
