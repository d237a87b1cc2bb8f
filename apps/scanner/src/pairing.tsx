import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, isNetworkError } from '@ticketguard/web/api.ts';
import { Camera } from './camera.tsx';
import { downloadPack, fetchDevice } from './gate-api.ts';
import { store } from './scanner-store.ts';
import { sync } from './sync.ts';

/** The token in a scanned pairing code: the dashboard's `/scanner/pair#<token>` link, or the bare token. */
const tokenIn = (text: string) => decodeURIComponent(text.includes('#') ? text.slice(text.lastIndexOf('#') + 1) : text).trim();

/**
 * Pairs this device with a gate device token: checks the token, downloads the full gate pack with a
 * progress bar, and keeps both in IndexedDB. After this the scanner needs no network.
 */
export function Pairing({ linkToken }: { linkToken: string | undefined }) {
  const { t } = useTranslation();
  const [token, setToken] = useState(linkToken ?? '');
  const [progress, setProgress] = useState<number | undefined>();
  const [error, setError] = useState('');
  const [camera, setCamera] = useState(false);
  const started = useRef(false);

  async function pair(value: string) {
    const current = store.getSnapshot();
    const waiting = current.scans.filter((s) => !s.uploaded).length;
    if (current.device && waiting > 0) return setError(t('settings.unpairBlocked', { count: waiting }));
    setError('');
    setProgress(0);
    try {
      const device = await fetchDevice(value);
      const pack = await downloadPack(value, undefined, setProgress);
      if (current.device) await store.unpair();
      await store.paired({ token: value, deviceId: device.id, gate: device.name, mode: device.checkInList?.mode ?? 'ticket', direction: 'in', checkInList: device.checkInList, event: device.event }, pack);
      // The token must not linger in the address bar or the history.
      history.replaceState(null, '', '/scanner/');
      sync.start();
    } catch (failure) {
      setProgress(undefined);
      if (failure instanceof ApiError && failure.status === 401) setError(t('pair.unknownToken'));
      else if (isNetworkError(failure)) setError(t('pair.offline'));
      else setError(t('pair.failed', { message: failure instanceof Error ? failure.message : String(failure) }));
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
    if (token.trim()) void pair(token.trim());
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
            onChange={(event) => setToken(event.target.value)}
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            required
          />
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
            setToken(tokenIn(text));
            void pair(tokenIn(text));
          }}
        />
      )}
      {progress !== undefined && (
        <div className="field">
          <label htmlFor="pack-progress">{t('pair.downloading')}</label>
          <progress id="pack-progress" data-testid="pack-progress" max={1} value={progress} aria-label={t('pair.progress')} />
        </div>
      )}
      {error && <p className="error" role="alert" data-testid="pair-error">{error}</p>}
      {store.getSnapshot().device && <a href="/scanner/">{t('pair.back', { event: store.getSnapshot().device!.event.name })}</a>}
    </section>
  );
}
