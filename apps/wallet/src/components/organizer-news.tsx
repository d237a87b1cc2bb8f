import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../router.tsx';
import type { OrganizerNews } from '../lib/organizer-news.ts';
import { ErrorText } from './error-text.tsx';

/** Who a message about no one event comes from: the organizer by name where the phone knows it. */
export function NewsFrom({ organizer }: { organizer?: string }) {
  const { t } = useTranslation();
  return <p><span className="badge message-from">{organizer ? t('inbox.newsFrom', { organizer }) : t('inbox.newsFromUnknown')}</span></p>;
}

/**
 * One tap on a piece of news withdraws the organizer's `marketing` consent, as the privacy centre's
 * button does; then, and for news from an organizer already stopped, it says so. Shown only while the
 * consent in force is known (online).
 */
export function StopNews({ organizerId, news }: { organizerId: string; news: OrganizerNews }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const organizer = news.name(organizerId);
  const allowed = news.allowed(organizerId);

  async function stop() {
    setBusy(true);
    setError(undefined);
    try {
      await news.stop(organizerId);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (allowed === undefined) return null;
  // The live region is there before it speaks, so a screen reader announces the stop when it comes.
  return (
    <div className="news-actions">
      <p role="status">
        {!allowed && (
          <>
            <span className="ok-text">{organizer ? t('inbox.stopped', { organizer }) : t('inbox.stoppedUnknown')}</span>{' '}
            <Link to="/privacy">{t('inbox.changeUnderPrivacy')}</Link>
          </>
        )}
      </p>
      {allowed && (
        <button type="button" className="secondary" disabled={busy} onClick={() => void stop()}>
          {organizer ? t('inbox.stopNews', { organizer }) : t('inbox.stopNewsUnknown')}
        </button>
      )}
      {error !== undefined && <ErrorText error={error} />}
    </div>
  );
}
