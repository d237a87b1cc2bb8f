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

  it('shows a pushed message as a notification in the phone\'s language, headed by who sent it', async () => {
    const context = await web.browser.newContext({ ...phone, locale: 'nl-NL' });
    await context.grantPermissions(['notifications'], { origin: web.server.baseUrl });
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${web.server.baseUrl}/wallet/`);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    // What the worker asks the phone to show. (Headless Chromium now and then drops a shown notification from
    // getNotifications(), so the worker's own call is what is read.)
    const worker = context.serviceWorkers().find((w) => w.url().endsWith('/wallet/sw.js'))!;
    await worker.evaluate(() => {
      const scope = self as unknown as { registration: ServiceWorkerRegistration; shown: { title: string; body?: string }[] };
      const show = scope.registration.showNotification.bind(scope.registration);
      scope.shown = [];
      scope.registration.showNotification = (title: string, options?: NotificationOptions) => show(title, options).then(() => void scope.shown.push({ title, body: options?.body }));
    });
    // The push service's delivery, as the browser gets it: through DevTools, to the wallet's own worker.
    const cdp = await context.newCDPSession(page);
    const registration = new Promise<string>((resolve) =>
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
        const wallet = versions.find((v) => v.scriptURL === worker.url() && v.status === 'activated');
        if (wallet) resolve(wallet.registrationId);
      }),
    );
    await cdp.send('ServiceWorker.enable');
    const payload = { title: 'Doors open', body: 'See you soon', translations: { nl: { title: 'De deuren gaan open', body: 'Tot zo' } }, from: 'Paradiso' };
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: web.server.baseUrl, registrationId: await registration, data: JSON.stringify(payload) });
    const shown = () => worker.evaluate(() => (self as unknown as { shown: unknown[] }).shown);
    await expect.poll(shown, { timeout: 15_000 }).toEqual([{ title: 'De deuren gaan open', body: 'Paradiso\nTot zo' }]);
    expect(errors).toEqual([]);
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
