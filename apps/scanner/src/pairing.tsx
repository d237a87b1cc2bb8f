import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, isNetworkError } from '@ticketguard/web/api.ts';
import { Camera } from './camera.tsx';
import { downloadPack, fetchDevice } from './gate-api.ts';
import { readPairEntry } from './pair-input.ts';
import { store } from './scanner-store.ts';
import { sync } from './sync.ts';

/** What went wrong, kept as a translation key so that a language switch translates it too. */
interface Problem {
  key: string;
  values?: Record<string, string | number>;
  /** The entry itself is wrong (not a network failure): the field is marked invalid. */
  invalid?: boolean;
}

/**
 * Pairs this device with a gate device token: checks the token, downloads the full gate pack with a
 * progress bar, and keeps both in IndexedDB. After this the scanner needs no network.
 */
export function Pairing({ linkToken }: { linkToken: string | undefined }) {
  const { t } = useTranslation();
  const [token, setToken] = useState(linkToken ?? '');
  const [progress, setProgress] = useState<number | undefined>();
  const [error, setError] = useState<Problem>();
  const [camera, setCamera] = useState(false);
  const started = useRef(false);

  async function pair(text: string) {
    const entry = readPairEntry(text);
    if (!entry) return setError({ key: 'pair.notALink', invalid: true });
    const current = store.getSnapshot();
    const waiting = current.scans.filter((s) => !s.uploaded).length;
    if (current.device && waiting > 0) return setError({ key: 'settings.unpairBlocked', values: { count: waiting } });
    setError(undefined);
    setProgress(0);
    try {
      const device = await fetchDevice(entry.token);
      const pack = await downloadPack(entry.token, undefined, setProgress);
      if (current.device) await store.unpair();
      await store.paired({ token: entry.token, deviceId: device.id, gate: device.name, mode: device.checkInList?.mode ?? 'ticket', direction: 'in', checkInList: device.checkInList, event: device.event }, pack);
      // The token must not linger in the address bar or the history.
      history.replaceState(null, '', '/scanner/');
      sync.start();
    } catch (failure) {
      setProgress(undefined);
      // A link made for another address whose token this server does not know is most likely another server's.
      if (failure instanceof ApiError && failure.status === 401) setError(entry.otherHost ? { key: 'pair.otherServer', values: { host: entry.otherHost }, invalid: true } : { key: 'pair.unknownToken', invalid: true });
      else if (isNetworkError(failure)) setError({ key: 'pair.offline' });
      else setError({ key: 'pair.failed', values: { message: failure instanceof Error ? failure.message : String(failure) } });
    }
  }

  useEffect(() => {
    if (linkToken && !started.current) {
      started.current = true;
      void pair(linkToken);
    }
    // Only the token of the link that opened the app pairs by itself.
  }, [linkToken]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim()) void pair(token);
  };

  return (
    <section className="card stack" aria-labelledby="pair-title">
      <h1 id="pair-title">{t('pair.title')}</h1>
      <p className="muted">{t('pair.intro')}</p>
      <form onSubmit={submit} className="stack">
        <div className="field">
          <label htmlFor="pair-token">{t('pair.token')}</label>
          <input
            id="pair-token"
            data-testid="pair-token"
            value={token}
            onChange={(event) => {
              // The message was about what stood here before.
              setToken(event.target.value);
              setError(undefined);
            }}
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            required
            aria-invalid={error?.invalid === true}
            aria-describedby={error ? 'pair-error pair-hint' : 'pair-hint'}
          />
          {/* Under the field it is about, where a small phone still shows it above the keyboard. */}
          {error && <p id="pair-error" className="error pair-error" role="alert" data-testid="pair-error">{t(error.key, error.values)}</p>}
          <p id="pair-hint" className="muted small">{t('pair.hint')}</p>
        </div>
        <div className="row">
          <button type="submit" disabled={progress !== undefined}>{t('pair.submit')}</button>
          <button type="button" className="secondary" onClick={() => setCamera(!camera)} aria-pressed={camera}>{t('pair.scanCode')}</button>
        </div>
      </form>
      {camera && (
        <Camera
          onText={(text) => {
            setCamera(false);
            setToken(text);
            void pair(text);
          }}
        />
      )}
      {progress !== undefined && (
        <div className="field">
          <label htmlFor="pack-progress">{t('pair.downloading')}</label>
          <progress id="pack-progress" data-testid="pack-progress" max={1} value={progress} aria-label={t('pair.progress')} />
        </div>
      )}
      {store.getSnapshot().device && <a href="/scanner/">{t('pair.back', { event: store.getSnapshot().device!.event.name })}</a>}
    </section>
  );
}
