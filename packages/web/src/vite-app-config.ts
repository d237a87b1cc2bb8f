import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';
import { serviceWorker } from './service-worker-plugin.ts';

/**
 * The Vite configuration every app uses: served by the API server under `/<name>/`, built into the app's
 * `dist/`, with a service worker that precaches the whole build so the app opens offline.
 */
export function appConfig(name: 'wallet' | 'scanner' | 'dashboard', appRoot: string, extra: UserConfig = {}) {
  const root = fileURLToPath(new URL('.', appRoot));
  return defineConfig({
    root,
    base: `/${name}/`,
    plugins: [react(), serviceWorker(name)],
    build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 400 },
    server: { proxy: { '/api': 'http://localhost:3000' } },
    ...extra,
  });
}
