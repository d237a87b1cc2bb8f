import { existsSync, mkdirSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import type { Config } from '../../src/config.ts';
import type { Clock } from '../../src/domain/clock.ts';
import { createServer } from '../../src/server.ts';
import { dialects, type TestDialect } from './dialects.ts';
import { testConfig } from './harness.ts';

/** Debian's Chromium; `npx playwright install` cannot download browsers here. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Browser tests run when Chromium is installed. In CI a missing browser fails the run instead of
 * quietly skipping the web apps' tests.
 */
export const browserAvailable = existsSync(chromiumPath);
if (!browserAvailable && process.env.CI === 'true') {
  throw new Error(`CI=true but no Chromium at ${chromiumPath}: apt-get install -y chromium`);
}

const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Each launch gets a fresh temporary profile, so no test sees another's keys or storage. */
export const launchBrowser = (): Promise<Browser> => chromium.launch({ executablePath: chromiumPath, args: flags });

/** A small phone in the dark: the screen the wallet and scanner are made for. */
export const phone: BrowserContextOptions = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, colorScheme: 'dark', locale: 'en-GB' };

/** A laptop screen in the dark: where an organizer works the dashboard. */
export const desktop: BrowserContextOptions = { viewport: { width: 1280, height: 800 }, colorScheme: 'dark', locale: 'en-GB' };

async function freePort() {
  return new Promise<number>((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A real, listening server at http://localhost:<port> (a secure context, so WebCrypto, IndexedDB and
 * service workers work) on a fresh database of the dialect, running its background jobs.
 */
export async function startWebServer(dialect: TestDialect, overrides: Partial<Config> = {}, clock?: Clock) {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const db = await dialect.open();
  const server = await createServer({ config: testConfig({ port, publicUrl: baseUrl, ...overrides }), storage: db.storage, clock });
  await server.app.listen({ port, host: '127.0.0.1' });
  return {
    ...server,
    baseUrl,
    db,
    async stop() {
      await server.close();
      await db.drop();
    },
  };
}

export type WebServer = Awaited<ReturnType<typeof startWebServer>>;
export interface WebTestBed {
  server: WebServer;
  browser: Browser;
}

const screenshotRoot = fileURLToPath(new URL('../../../../test-results/screenshots/', import.meta.url));

/** Saves a full-page screenshot as a test artifact: test-results/screenshots/<app>/<name>.png. */
export async function screenshot(page: Page, app: string, name: string) {
  const folder = join(screenshotRoot, app);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Collects console errors and uncaught exceptions of a page; the apps' budget is zero of them. */
export function watchConsole(page: Page) {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/**
 * The set-up of a browser test file: a listening server on SQLite and a Chromium, started before
 * its tests and stopped after them. Read them as `web.server` and `web.browser` inside the tests.
 */
export function webTestBed(overrides: Partial<Config> = {}, clock?: Clock) {
  const web = {} as WebTestBed;
  beforeAll(async () => {
    [web.server, web.browser] = await Promise.all([startWebServer(dialects[0]!, overrides, clock), launchBrowser()]);
  });
  afterAll(async () => {
    await web.browser?.close();
    await web.server?.stop();
  });
  return web;
}

/** Console errors other than the browser's own notes on requests it could not send while offline. */
export const withoutOfflineNoise = (errors: string[]) => errors.filter((error) => !error.includes('net::ERR_INTERNET_DISCONNECTED'));
