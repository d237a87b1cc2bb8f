import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ensureAccount, forgetAccount } from '../lib/wallet-api.ts';
import { idb } from '../lib/idb.ts';
import { formatWhen } from '../lib/format.ts';
import { ErrorText } from '../components/error-text.tsx';
import { BackupOffer } from '../components/backup-offer.tsx';
import { inForce, loadConsents, setConsent, type Consent } from '../lib/consents.ts';

/** The privacy centre: the consent ledger with one-tap withdrawal (and agreeing again), the export, and erasure. */
export default function PrivacyScreen() {
  const { t } = useTranslation();
  const purposeText = (purpose: string) => (purpose === 'marketing' ? t('privacy.marketing') : purpose.replace(/[_.-]+/g, ' '));
  // News (marketing) is said plainly: whether the organizer may send it, and "stop" as in the inbox.
  const isNews = (consent: Consent) => consent.purpose === 'marketing';
  const statusText = (consent: Consent) =>
    isNews(consent)
      ? t(consent.granted ? 'privacy.newsOn' : 'privacy.newsOff', { when: formatWhen(consent.at) })
      : t(consent.granted ? 'privacy.grantedAt' : 'privacy.withdrawnAt', { when: formatWhen(consent.at) });
  const withdrawLabel = (consent: Consent) =>
    isNews(consent)
      ? t('privacy.stopNewsFrom', { organizer: consent.organizerName })
      : t('privacy.withdrawFor', { organizer: consent.organizerName, purpose: purposeText(consent.purpose) });
  const [ledger, setLedger] = useState<Consent[]>();
  const [error, setError] = useState<unknown>();
  const [confirming, setConfirming] = useState(false);
  const [deleted, setDeleted] = useState(false);
  const [busy, setBusy] = useState(false);

  const load = () => loadConsents().then(setLedger, setError);
  useEffect(() => void ensureAccount().then(load, setError), []);
  const current = inForce(ledger ?? []);

  async function change(consent: Consent, granted: boolean) {
    setError(undefined);
    try {
      await setConsent(consent.organizerId, consent.purpose, granted);
      await load();
    } catch (e) {
      setError(e);
    }
  }

  async function download() {
    setError(undefined);
    try {
      const data = await api<object>('GET', '/api/v1/me/export');
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const link = Object.assign(document.createElement('a'), { href: url, download: 'ticketguard-export.json' });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e);
    }
  }

  async function erase() {
    setBusy(true);
    setError(undefined);
    try {
      await api('DELETE', '/api/v1/me');
      // The phone's key now stands for a fresh account with no personal data; the backup is gone.
      await forgetAccount();
      await idb.delete('meta', 'passkey');
      await ensureAccount();
      setDeleted(true);
      setConfirming(false);
      setLedger([]);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="page stack">
      <h1>{t('privacy.title')}</h1>
      <p>{t('privacy.intro')}</p>
      <section className="card stack" aria-labelledby="consents-title">
        <h2 id="consents-title">{t('privacy.consents')}</h2>
        {ledger && current.length === 0 && <p className="muted">{t('privacy.noConsents')}</p>}
        <ul className="ticket-list">
          {current.map((consent) => (
            <li key={consent.id} className="consent-row" data-testid="consent">
              <div>
                <strong>{consent.organizerName}</strong>
                <div>{purposeText(consent.purpose)}</div>
                <div className="muted">{statusText(consent)}</div>
              </div>
              {consent.granted ? (
                <button type="button" className="secondary" onClick={() => void change(consent, false)} aria-label={withdrawLabel(consent)}>
                  {t(isNews(consent) ? 'privacy.stopNews' : 'privacy.withdraw')}
                </button>
              ) : (
                <button type="button" className="secondary" onClick={() => void change(consent, true)} aria-label={t('privacy.agreeAgainFor', { organizer: consent.organizerName, purpose: purposeText(consent.purpose) })}>
                  {t('privacy.agreeAgain')}
                </button>
              )}
            </li>
          ))}
        </ul>
        {ledger && ledger.length > 0 && (
          <details>
            <summary>{t('privacy.history', { count: ledger.length })}</summary>
            <ol className="muted">
              {ledger.map((row) => (
                <li key={row.id}>{formatWhen(row.at)} · {row.organizerName} · {purposeText(row.purpose)} · {t(row.granted ? 'privacy.granted' : 'privacy.withdrawn')}</li>
              ))}
            </ol>
          </details>
        )}
      </section>
      <section className="card stack" aria-labelledby="export-title">
        <h2 id="export-title">{t('privacy.exportTitle')}</h2>
        <p>{t('privacy.exportBody')}</p>
        <button type="button" className="secondary" onClick={() => void download()}>{t('privacy.export')}</button>
      </section>
      <BackupOffer />
      <section className="card stack" aria-labelledby="delete-title">
        <h2 id="delete-title">{t('privacy.deleteTitle')}</h2>
        {deleted ? (
          <p role="status" className="ok-text">{t('privacy.deleted')}</p>
        ) : confirming ? (
          <>
            <p className="notice">{t('privacy.deleteConfirm')}</p>
            <button type="button" className="danger" disabled={busy} onClick={() => void erase()}>{t('privacy.deleteNow')}</button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>{t('privacy.keep')}</button>
          </>
        ) : (
          <>
            <p>{t('privacy.deleteBody')}</p>
            <button type="button" className="danger" onClick={() => setConfirming(true)}>{t('privacy.delete')}</button>
          </>
        )}
      </section>
      {error !== undefined && <ErrorText error={error} />}
    </main>
  );
}
