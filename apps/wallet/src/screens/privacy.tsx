import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ensureAccount, forgetAccount } from '../lib/wallet-api.ts';
import { idb } from '../lib/idb.ts';
import { formatWhen } from '../lib/format.ts';
import { ErrorText } from '../components/error-text.tsx';
import { BackupOffer } from '../components/backup-offer.tsx';
import { MyData, saveFile, type ReadableExport } from '../components/my-data.tsx';
import { inForce, loadConsents, readablePurpose, setConsent, type Consent } from '../lib/consents.ts';

/**
 * The privacy centre: the consent ledger with one-tap withdrawal (saying beforehand that the answers
 * given for the purpose go, and afterwards how many did) and agreeing again, the export (a document to
 * read here, or the full JSON for other programs), and erasure.
 */
export default function PrivacyScreen() {
  const { t, i18n } = useTranslation();
  const purposeText = (purpose: string) => (purpose === 'marketing' ? t('privacy.marketing') : readablePurpose(purpose));
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
  // How many answers the last withdrawal deleted, said once it is done.
  const [deletedAnswers, setDeletedAnswers] = useState<number>();
  const [myData, setMyData] = useState<ReadableExport>();
  const language = i18n.language === 'nl' ? 'nl' : 'en';

  const load = () => loadConsents().then(setLedger, setError);
  useEffect(() => void ensureAccount().then(load, setError), []);
  const current = inForce(ledger ?? []);

  async function change(consent: Consent, granted: boolean) {
    setError(undefined);
    setDeletedAnswers(undefined);
    try {
      const { answersDeleted } = await setConsent(consent.organizerId, consent.purpose, granted);
      if (!granted && !isNews(consent)) setDeletedAnswers(answersDeleted);
      await load();
    } catch (e) {
      setError(e);
    }
  }

  const show = useCallback(async () => {
    setError(undefined);
    try {
      setMyData(await api<ReadableExport>('GET', `/api/v1/me/export?format=readable&lang=${language}`));
    } catch (e) {
      setError(e);
    }
  }, [language]);
  // Shown, it follows the wallet's language: the server writes its questions and messages in it.
  const shown = myData !== undefined;
  useEffect(() => {
    if (shown) void show();
  }, [show]);

  async function download() {
    setError(undefined);
    try {
      const data = await api<object>('GET', '/api/v1/me/export');
      saveFile(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }), 'ticketguard-export.json');
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
                {consent.granted && !isNews(consent) && <div className="muted">{t('privacy.withdrawDeletes')}</div>}
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
        <p role="status" className="ok-text">
          {deletedAnswers === undefined ? '' : deletedAnswers ? t('privacy.answersDeleted', { count: deletedAnswers }) : t('privacy.noAnswersDeleted')}
        </p>
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
        <div className="row">
          <button type="button" className="secondary" onClick={() => void show()}>{t('privacy.show')}</button>
          <button type="button" className="secondary" onClick={() => void download()}>{t('privacy.export')}</button>
        </div>
        {myData && <MyData data={myData} />}
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
