import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserAvailable, launchBrowser, phone, screenshot, startWebServer, watchConsole, type WebServer } from '../../../packages/server/test/support/browser.ts';
import { dialects } from '../../../packages/server/test/support/dialects.ts';

describe.skipIf(!browserAvailable)('wallet app shell', () => {
  const dialect = dialects[0]!;
  let server: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startWebServer(dialect), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('is served at /wallet, switches between Dutch and English, and opens offline once installed', async () => {
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${server.baseUrl}/wallet/`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('My tickets');
    await page.getByTestId('language').selectOption('nl');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Mijn tickets');
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('nl');

    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Mijn tickets');
    await screenshot(page, 'wallet', 'app-shell-offline');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('sends unknown screens of an app to its index and missing files to a 404', async () => {
    const screen = await fetch(`${server.baseUrl}/wallet/e/some-event`);
    expect(screen.status).toBe(200);
    expect(await screen.text()).toContain('<div id="root">');
    const missing = await fetch(`${server.baseUrl}/wallet/assets/missing.js`);
    expect(missing.status).toBe(404);
  });
});
