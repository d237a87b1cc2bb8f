import { useTranslation } from 'react-i18next';
import { QrCode } from '@ticketguard/web/qr-code.tsx';
import { CopyField } from './copy-field.tsx';
import type { OrganizerEvent } from '../types.ts';

/**
 * Where buyers find the event: once it is published, its page in the wallet as a link to copy or share
 * and as a QR code for a poster, and its calendar file; who sells it, as buyers see it.
 */
export function SalesLink({ event }: { event: OrganizerEvent }) {
  const { t } = useTranslation();
  const share = () => navigator.share({ title: event.name, url: event.salesUrl }).catch(() => undefined);
  return (
    <section className="card" aria-labelledby="sales-link-heading" data-testid="sales-link">
      <h2 id="sales-link-heading">{t('salesLink.title')}</h2>
      <p data-testid="organizer">{t('salesLink.organizer', { name: event.organizerName })}</p>
      {event.status === 'on_sale' ? (
        <div className="qr-body">
          <QrCode text={event.salesUrl} moduleSize={4} label={t('salesLink.qrLabel', { name: event.name })} testId="sales-qr" />
          <div className="stack">
            <CopyField label={t('salesLink.link')} value={event.salesUrl} testId="sales-url">
              {'share' in navigator && (
                <button type="button" className="secondary" onClick={() => void share()}>
                  {t('salesLink.share')}
                </button>
              )}
            </CopyField>
            <p className="muted">{t('salesLink.explain')}</p>
            <a href={event.calendarUrl} download data-testid="calendar-link">{t('salesLink.calendar')}</a>
          </div>
        </div>
      ) : (
        <p className="notice">{t('salesLink.notYet')}</p>
      )}
    </section>
  );
}
