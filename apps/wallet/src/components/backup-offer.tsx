import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { idb } from '../lib/idb.ts';
import { ErrorText } from './error-text.tsx';

/**
 * After the first ticket: offer a passkey backup, because the device key cannot leave the phone and a
 * lost phone would otherwise be lost tickets. The WebAuthn code loads only when it is used.
 */
export function BackupOffer() {
  const { t } = useTranslation();
  const [state, setState] = useState<'hidden' | 'offer' | 'busy' | 'done'>('hidden');
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    if (!('PublicKeyCredential' in window)) return;
    void idb.get('meta', 'passkey').then((done) => setState(done ? 'hidden' : 'offer'));
  }, []);

  async function backUp() {
    setState('busy');
    setError(undefined);
    try {
      await (await import('../lib/passkeys.ts')).backUpWithPasskey();
      setState('done');
    } catch (e) {
      setError(e);
      setState('offer');
    }
  }

  if (state === 'hidden') return null;
  return (
    <section className="card stack" aria-labelledby="backup-title">
      <h2 id="backup-title">{t('backup.title')}</h2>
      {state === 'done' ? (
        <p role="status" className="ok-text" data-testid="backup-done">{t('backup.done')}</p>
      ) : (
        <>
          <p>{t('backup.explain')}</p>
          <button type="button" disabled={state === 'busy'} onClick={() => void backUp()}>{t('backup.button')}</button>
        </>
      )}
      {error !== undefined && <ErrorText error={error} />}
    </section>
  );
}
