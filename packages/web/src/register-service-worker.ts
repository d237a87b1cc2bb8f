/** Registers the app's service worker (made at build time), so the app opens without a network. */
export function registerServiceWorker(base: string) {
  if (!('serviceWorker' in navigator) || import.meta.env?.DEV) return;
  navigator.serviceWorker.register(`${base}sw.js`, { scope: base }).catch((error: unknown) => {
    console.warn('service worker not registered', error);
  });
}
