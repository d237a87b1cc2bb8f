import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Plugin } from 'vite';

/**
 * Writes `sw.js` next to the build: it precaches every file of this build (the app shell) under a cache
 * named by the build's content, answers navigations inside the app with the cached index.html when the
 * network is gone, and never caches the API (apps keep their data in IndexedDB themselves).
 */
export function serviceWorker(name: string): Plugin {
  let publicFiles: string[] = [];
  return {
    name: 'ticketguard-service-worker',
    apply: 'build',
    configResolved(config) {
      // Files of public/ (manifest, icons) are copied beside the bundle; the shell needs them too.
      publicFiles = config.publicDir && existsSync(config.publicDir) ? readdirSync(config.publicDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => relative(config.publicDir, join(entry.parentPath, entry.name)).split(sep).join('/')) : [];
    },
    generateBundle(_options, bundle) {
      const files = [...Object.keys(bundle), ...publicFiles].filter((file) => !file.endsWith('.map'));
      const base = `/${name}/`;
      const urls = [base, ...files.map((file) => base + file)];
      const version = hash(urls.join('\n') + Object.values(bundle).map((item) => ('code' in item ? item.code.length : 0)).join(','));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: workerSource(`tg-${name}-${version}`, base, urls) });
    },
  };
}

function hash(text: string) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

const workerSource = (cacheName: string, base: string, urls: string[]) => `// Generated at build time.
const CACHE = ${JSON.stringify(cacheName)};
const BASE = ${JSON.stringify(base)};
const SHELL = ${JSON.stringify(urls)};
self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('tg-' + BASE.slice(1, -1) + '-') && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});
self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== location.origin || !url.pathname.startsWith(BASE)) return;
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => caches.match(BASE, { cacheName: CACHE })));
    return;
  }
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit || fetch(request)));
});
// A message comes with its Dutch and English texts, if written; the phone's language picks one. The organizer's
// name heads the body, so the visitor knows who writes.
self.addEventListener('push', (event) => {
  const data = event.data ? event.data.json() : {};
  const language = (self.navigator.languages || [self.navigator.language]).map((tag) => String(tag).slice(0, 2)).find((tag) => tag === 'nl' || tag === 'en');
  const text = (data.translations && data.translations[language]) || data;
  const body = data.from ? data.from + (text.body ? '\\n' + text.body : '') : text.body || '';
  event.waitUntil(self.registration.showNotification(text.title || data.from || 'Ticketguard', { body, data }));
});
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(self.clients.openWindow(BASE));
});
`;
