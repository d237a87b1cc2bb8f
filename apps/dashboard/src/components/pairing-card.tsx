import { useTranslation } from 'react-i18next';
import { QrCode } from '@ticketguard/web/qr-code.tsx';
import { CopyField } from './copy-field.tsx';
import type { PairedDevice } from '../types.ts';

/** The scanner's pairing link, a secret shown once: a QR for the scanner's camera and a copyable link. */
export function PairingCard({ device, name, onDone }: { device: PairedDevice; name: string; onDone: () => void }) {
  const { t } = useTranslation();
  // Older servers answer only the token; the scanner's pairing screen reads it from the fragment either way.
  const url = device.pairUrl ?? `${location.origin}/scanner/pair#${device.token}`;
  return (
    <section className="card pairing" aria-labelledby="pair-heading" data-testid="pairing">
      <h2 id="pair-heading">{t('gate.pairTitle', { name })}</h2>
      <p className="notice">{t('gate.secretWarning')}</p>
      <div className="qr-body">
        <QrCode text={url} version={0} level="M" moduleSize={5} label={t('gate.qrLabel', { name })} testId="pair-qr" />
        <div className="stack">
          <p className="muted">{t('gate.pairSteps')}</p>
          <CopyField label={t('gate.pairLink')} value={url} testId="pair-url" />
        </div>
      </div>
      <button type="button" onClick={onDone}>{t('gate.pairDone')}</button>
    </section>
  );
}
