import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, publicApi } from '../lib/wallet-api.ts';
import { idb } from '../lib/idb.ts';

function applicationServerKey(base64url: string) {
  const binary = atob(base64url.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/**
 * Web Push, asked for at a moment it makes sense (just after a ticket arrived), with the reason
 * given, never on first load. A browser that refuses (headless, blocked, no push service) gets a
 * quiet note, not an error: the inbox works without push.
 */
export function PushOffer() {
  const { t } = useTranslation();
  const [state, setState] = useState<'hidden' | 'offer' | 'on' | 'refused'>('hidden');

  useEffect(() => {
    if (!('PushManager' in window) || !('Notification' in window) || Notification.permission === 'denied') return;
    void idb.get('meta', 'pushAsked').then((asked) => !asked && setState('offer'));
  }, []);

  async function turnOn() {
    await idb.put('meta', 'pushAsked', new Date().toISOString());
    try {
      if ((await Notification.requestPermission()) !== 'granted') return setState('refused');
      const registration = await navigator.serviceWorker.ready;
      const { publicKey } = await publicApi<{ publicKey: string }>('GET', '/api/v1/push/public-key');
      const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: applicationServerKey(publicKey) });
      await api('POST', '/api/v1/me/push-subscriptions', subscription.toJSON());
      setState('on');
    } catch {
      setState('refused');
    }
  }

  async function notNow() {
    await idb.put('meta', 'pushAsked', new Date().toISOString());
    setState('hidden');
  }

  if (state === 'hidden') return null;
  return (
    <section className="card stack" aria-labelledby="push-title">
      <h2 id="push-title">{t('push.title')}</h2>
      {state === 'offer' ? (
        <>
          <p>{t('push.explain')}</p>
          <div className="row">
            <button type="button" onClick={() => void turnOn()}>{t('push.turnOn')}</button>
            <button type="button" className="secondary" onClick={() => void notNow()}>{t('push.notNow')}</button>
          </div>
        </>
      ) : (
        <p role="status">{t(state === 'on' ? 'push.on' : 'push.refused')}</p>
      )}
    </section>
  );
}
