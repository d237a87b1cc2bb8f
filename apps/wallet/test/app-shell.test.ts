import { describe, expect, it } from 'vitest';
import { browserAvailable, phone, screenshot, watchConsole, webTestBed, withoutOfflineNoise } from '../../../packages/server/test/support/browser.ts';

describe.skipIf(!browserAvailable)('wallet app shell', () => {
  const web = webTestBed();

  it('is served at /wallet, switches between Dutch and English, and opens offline once installed', async () => {
    const context = await web.browser.newContext(phone);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${web.server.baseUrl}/wallet/`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('My tickets');
    await page.getByTestId('language').selectOption('nl');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Mijn tickets');
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('nl');

    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Mijn tickets');
    await screenshot(page, 'wallet', 'app-shell-offline');
    // Offline, the browser itself logs each API request it could not send; nothing else may appear.
    expect(withoutOfflineNoise(errors)).toEqual([]);
    await context.close();
  });

  it('sends unknown screens of an app to its index and missing files to a 404', async () => {
    const screen = await fetch(`${web.server.baseUrl}/wallet/e/some-event`);
    expect(screen.status).toBe(200);
    expect(await screen.text()).toContain('<div id="root">');
    const missing = await fetch(`${web.server.baseUrl}/wallet/assets/missing.js`);
    expect(missing.status).toBe(404);
  });
});
