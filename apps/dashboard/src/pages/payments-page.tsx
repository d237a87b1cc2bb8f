import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client.ts';
import { useApi } from '../use-api.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { ConfirmNotice } from '../components/confirm-notice.tsx';
import { PaymentForm } from '../components/payment-form.tsx';
import { masked } from '../components/payment-errors.ts';
import { dateTime } from '../format.ts';
import type { PaymentSettings } from '../types.ts';

/** Owners choose where visitors' money goes: Mollie or Stripe with their own keys, or the platform's default. */
export function PaymentsPage() {
  const { t } = useTranslation();
  const settings = useApi<PaymentSettings>('/api/v1/payment-settings', undefined, true);
  if (settings.missing) return <><h1>{t('payments.title')}</h1><p className="notice">{t('app.unavailable')}</p></>;
  return (
    <>
      <h1>{t('payments.title')}</h1>
      <p className="muted">{t('payments.intro')}</p>
      <ErrorNotice error={settings.error} />
      {settings.data && (
        <>
          <InUse settings={settings.data} onReset={settings.reload} />
          <PaymentForm settings={settings.data} onSaved={settings.reload} />
        </>
      )}
    </>
  );
}

/** The provider in use and whose keys, with the way back to the platform's default. */
function InUse({ settings, onReset }: { settings: PaymentSettings; onReset: () => void }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);
  const name = (provider: string) => t(`payments.name_${provider}`);

  const reset = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api('/api/v1/payment-settings', 'DELETE');
      setConfirming(false);
      setDone(true);
      onReset();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="in-use-heading" data-testid="payment-current">
      <h2 id="in-use-heading">{t('payments.current')}</h2>
      <dl className="facts">
        <dt>{t('payments.provider')}</dt>
        <dd data-testid="provider-in-use">{name(settings.provider)}</dd>
        <dt>{t('payments.keys')}</dt>
        <dd data-testid="key-source">{t(`payments.keys_${settings.keySource}`, { hint: masked(settings.keyHint) })}</dd>
        <dt>{t('payments.instanceDefault')}</dt>
        <dd>{name(settings.instanceDefault)}</dd>
        {settings.updatedAt && (
          <>
            <dt>{t('payments.changed')}</dt>
            <dd>{dateTime(settings.updatedAt)}</dd>
          </>
        )}
      </dl>
      {done && !settings.updatedAt && <p className="ok" role="status">{t('payments.resetDone')}</p>}
      {/* Only an organizer that chose something of its own has anything to go back from. */}
      {settings.updatedAt &&
        (confirming ? (
          <ConfirmNotice
            warning={t('payments.resetWarning', { provider: name(settings.instanceDefault) })}
            confirm={t('payments.resetConfirm')}
            keep={t('payments.keep')}
            busy={busy}
            onConfirm={() => void reset()}
            onKeep={() => setConfirming(false)}
          />
        ) : (
          <button type="button" className="secondary" onClick={() => (setConfirming(true), setDone(false))}>{t('payments.reset')}</button>
        ))}
      <ErrorNotice error={error} />
    </section>
  );
}
