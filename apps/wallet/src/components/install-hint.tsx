import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

interface InstallPrompt extends Event { prompt(): Promise<void> }

let deferredPrompt: InstallPrompt | undefined;
window.addEventListener('beforeinstallprompt', (event) => {
  event.preventDefault();
  deferredPrompt = event as InstallPrompt;
});

const isIos = () => /iPhone|iPad|iPod/.test(navigator.userAgent);
const isInstalled = () => matchMedia('(display-mode: standalone)').matches || (navigator as { standalone?: boolean }).standalone === true;

/**
 * A lost key is a lost ticket. Safari deletes a site's storage after 7 days without a visit unless the
 * app is on the Home Screen, and any browser may evict storage that is not persistent: say so plainly
 * and show the way to install, until the storage is persistent or the app is installed.
 */
export function InstallHint() {
  const { t } = useTranslation();
  const [persisted, setPersisted] = useState(true);
  const [canPrompt, setCanPrompt] = useState(Boolean(deferredPrompt));

  useEffect(() => {
    void navigator.storage?.persisted?.().then((value) => setPersisted(value || isInstalled()));
    const ready = () => setCanPrompt(true);
    window.addEventListener('beforeinstallprompt', ready);
    return () => window.removeEventListener('beforeinstallprompt', ready);
  }, []);

  if (persisted) return null;
  return (
    <section className="card notice stack" aria-labelledby="install-title">
      <h2 id="install-title">{t('install.title')}</h2>
      <p>{t('install.why')}</p>
      {isIos() ? <p>{t('install.ios')}</p> : <p>{t('install.other')}</p>}
      {canPrompt && deferredPrompt && (
        <button type="button" onClick={() => void deferredPrompt?.prompt()}>
          {t('install.button')}
        </button>
      )}
    </section>
  );
}
