import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { base64urlDecode, createPresentation, presentationToQrText } from '@ticketguard/protocol';
import { QrCode } from '@ticketguard/web/qr-code.tsx';
import { serverNow } from '@ticketguard/web/server-clock.ts';
import { deviceKey } from '../lib/device-key.ts';

/** PROTOCOL.md section 3: a new presentation every 5 s while the code is on screen. */
const periodMs = 5000;
const modules = 57 + 2 * 4; // version 10 plus the 4-module quiet zone on each side

/** As many whole screen pixels per module as fit the space, never fewer than 4 (phone-to-scanner reading). */
const moduleSizeFor = (width: number) => Math.max(4, Math.min(7, Math.floor(width / modules)));

/**
 * The rotating QR of a ticket or voucher, made on the phone from the stored credential and the
 * non-extractable key, so it works with the network off. `data-ms` on the figure is how long the
 * last code took to make (sign, encode, draw); the budget is 20 ms.
 */
export function RotatingQr({ credential, label, testId }: { credential: string; label: string; testId: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState<string>();
  const [lastMs, setLastMs] = useState<number>();
  const startedAt = useRef(0);
  const frame = useRef<HTMLElement>(null);
  const [moduleSize, setModuleSize] = useState(() => moduleSizeFor(window.innerWidth - 32));

  // The code fills the width it is given (a page, or a card inside one), in whole pixels per module.
  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setModuleSize(moduleSizeFor(element.clientWidth)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const bytes = base64urlDecode(credential);
    const next = async () => {
      startedAt.current = performance.now();
      const now = serverNow().getTime();
      const { privateKey } = await deviceKey();
      const presentation = await createPresentation(bytes, privateKey, Math.floor(now / 1000));
      if (stopped) return;
      setText(presentationToQrText(presentation));
      // Align to the server clock's 5-second marks, so two screens of one phone change together.
      timer = setTimeout(() => void next(), periodMs - (serverNow().getTime() % periodMs));
    };
    void next();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [credential]);

  // Runs after the canvas (a child) has drawn the new text: the whole cost of one new code.
  useEffect(() => {
    if (text) setLastMs(Math.round((performance.now() - startedAt.current) * 10) / 10);
  }, [text]);

  return (
    <figure ref={frame} className="qr-frame" data-ms={lastMs}>
      {text ? <QrCode text={text} version={10} level="M" moduleSize={moduleSize} label={label} testId={testId} /> : <div className="qr-placeholder" style={{ width: modules * moduleSize, height: modules * moduleSize }} />}
      <figcaption className="muted">{t('qr.brightness')}</figcaption>
    </figure>
  );
}
