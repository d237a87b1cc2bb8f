import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { idb } from '../lib/idb.ts';
import { loadConsents, setConsent } from '../lib/consents.ts';
import { ErrorText } from './error-text.tsx';

const declinedKey = (organizerId: string) => `marketingDeclined:${organizerId}`;

/**
 * Asks once per organizer, on a ticket's screen, whether the visitor wants to hear about their next
 * events: the `marketing` consent that marketing messages need. Asked only while no consent for it is
 * on record (agreed or withdrawn) and "no thanks" was not said on this phone; the answer can be
 * changed any time in the privacy centre.
 */
export function KeepPostedOffer({ organizer }: { organizer: { id: string; name: string } }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'hidden' | 'offer' | 'agreed'>('hidden');
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    let live = true;
    void Promise.all([idb.get('meta', declinedKey(organizer.id)), loadConsents()]).then(([declined, consents]) => {
      const onRecord = consents.some((c) => c.organizerId === organizer.id && c.purpose === 'marketing');
      if (live && !declined && !onRecord) setState('offer');
    }, () => undefined);
    return () => void (live = false);
  }, [organizer.id]);

  async function agree() {
    setError(undefined);
    try {
      await setConsent(organizer.id, 'marketing', true);
      setState('agreed');
    } catch (e) {
      setError(e);
    }
  }

  async function decline() {
    await idb.put('meta', declinedKey(organizer.id), new Date().toISOString());
    setState('hidden');
  }

  if (state === 'hidden') return null;
  return (
    <section className="card stack" aria-labelledby="keep-posted-title" data-testid="keep-posted">
      <h2 id="keep-posted-title">{t('keepPosted.title', { organizer: organizer.name })}</h2>
      {state === 'offer' ? (
        <>
          <p>{t('keepPosted.explain', { organizer: organizer.name })}</p>
          <div className="row">
            <button type="button" onClick={() => void agree()}>{t('keepPosted.agree')}</button>
            <button type="button" className="secondary" onClick={() => void decline()}>{t('keepPosted.decline')}</button>
          </div>
          {error !== undefined && <ErrorText error={error} />}
        </>
      ) : (
        <p role="status" className="ok-text">{t('keepPosted.agreed', { organizer: organizer.name })}</p>
      )}
    </section>
  );
}
