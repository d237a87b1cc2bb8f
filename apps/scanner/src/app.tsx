import { useEffect, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '@ticketguard/web/language-switch.tsx';
import { Pairing } from './pairing.tsx';
import { ScanScreen } from './scan-screen.tsx';
import { store } from './scanner-store.ts';

/** `/scanner/pair#<token>`: the link (and QR code) the dashboard shows for a gate device. */
function tokenFromLocation() {
  if (!location.pathname.replace(/\/+$/, '').endsWith('/pair')) return undefined;
  const token = decodeURIComponent(location.hash.slice(1)).trim();
  return token || undefined;
}

export function App() {
  const { t } = useTranslation();
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const linkToken = tokenFromLocation();
  const pairing = snapshot.phase === 'unpaired' || (linkToken !== undefined && linkToken !== snapshot.device?.token);
  useEffect(() => {
    // Opened the link of the device it is already paired with: nothing to do but drop the token from the URL.
    if (linkToken !== undefined && linkToken === snapshot.device?.token) history.replaceState(null, '', '/scanner/');
  }, [linkToken, snapshot.device?.token]);
  return (
    <>
      <header className="topbar">
        <span className="brand">Ticketguard · {t('appName')}</span>
        <LanguageSwitch />
      </header>
      <main className="page scanner-page">
        {snapshot.phase === 'loading' ? <p>{t('loading')}</p> : pairing ? <Pairing linkToken={linkToken} /> : <ScanScreen snapshot={snapshot} />}
      </main>
    </>
  );
}
