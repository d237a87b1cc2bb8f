// Builds each web app in apps/ whose sources changed since its last build. Used by `npm start`
// (prestart), `npm run build` (always) and the test run (vitest globalSetup), so all three serve
// what the sources say.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const shared = ['packages/web/src', 'packages/protocol/src'].map((path) => join(root, path));

function newestChange(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => (entry === 'dist' || entry === 'node_modules' || entry === 'test' ? newest : Math.max(newest, newestChange(join(path, entry)))), stat.mtimeMs);
}

export async function buildApps({ force = false } = {}) {
  const appsFolder = join(root, 'apps');
  const apps = existsSync(appsFolder) ? readdirSync(appsFolder).filter((name) => existsSync(join(appsFolder, name, 'vite.config.ts'))) : [];
  for (const name of apps) {
    const folder = join(appsFolder, name);
    const built = join(folder, 'dist', 'index.html');
    const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
    const changedAt = Math.max(newestChange(folder), ...shared.map(newestChange));
    if (!force && builtAt > changedAt) continue;
    const { build } = await import('vite');
    const started = Date.now();
    // vitest sets NODE_ENV=test, which would make Vite build React's development version.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ configFile: join(folder, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    console.log(`built ${name} in ${Date.now() - started} ms`);
  }
}

/** vitest globalSetup: the browser tests need current builds. */
export default async function setup() {
  await buildApps();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildApps({ force: process.argv.includes('--force') });
}
