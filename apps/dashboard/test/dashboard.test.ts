import { createHmac, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { browserAvailable, desktop, launchBrowser, phone, screenshot, startWebServer, watchConsole, type WebServer } from '../../../packages/server/test/support/browser.ts';
import { dialects } from '../../../packages/server/test/support/dialects.ts';
import { startWebhookReceiver } from '../../../packages/server/test/support/webhook-receiver.ts';
import { HttpWallet } from './support/http-wallet.ts';
import { expectText } from './support/dashboard-page.ts';

describe.skipIf(!browserAvailable)('organizer dashboard', () => {
  const dialect = dialects[0]!;
  let server: WebServer;
  let browser: Browser;
  let context: BrowserContext;
  let eventId = '';
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    [server, browser] = await Promise.all([startWebServer(dialect, { outboundToPrivateAddresses: true }), launchBrowser()]);
    // The receiver listens on 127.0.0.1, so this server allows private addresses (OUTBOUND_ALLOW_PRIVATE) and
    // trusts the receiver's self-signed certificate, as an organizer's endpoint has a real one.
    server.ctx.webhookAgent = receiver.agent;
    context = await browser.newContext(desktop);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await receiver?.close();
  });

  it('takes an organizer from sign-up to a live sale, a reached inbox, a paired gate device and a signed webhook', { timeout: 90_000 }, async () => {
    const page = await context.newPage();
    const errors = watchConsole(page);
    const { baseUrl } = server;

    await page.goto(`${baseUrl}/dashboard/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'dashboard', 'sign-in');
    await page.getByRole('link', { name: /Create an organizer/ }).click();
    await page.getByLabel('Organizer name').fill('Paradiso');
    await page.getByLabel('Email').fill('owner@paradiso.example');
    await page.getByLabel('Password').fill('correct horse battery');
    await screenshot(page, 'dashboard', 'sign-up');
    await page.getByRole('button', { name: 'Create organizer' }).click();

    await page.getByRole('heading', { name: 'New event' }).waitFor();
    await page.getByLabel('Event name', { exact: true }).fill('Night of Tests');
    await page.getByLabel('Venue', { exact: true }).fill('Melkweg');
    await page.getByLabel('Starts', { exact: true }).fill('2027-06-01T20:00');
    await page.getByLabel('Ends', { exact: true }).fill('2027-06-02T01:00');
    await page.getByLabel(/Face-value exchange/).check();
    await screenshot(page, 'dashboard', 'event-new');
    await page.getByRole('button', { name: 'Create event' }).click();

    await page.getByTestId('add-ticket-type').waitFor();
    eventId = /events\/([0-9a-f-]{36})\/setup/.exec(page.url())![1]!;
    const addType = page.getByTestId('add-ticket-type');
    await addType.getByLabel('Name').fill('Standing');
    await addType.getByLabel('Price').fill('35');
    await addType.getByLabel('Capacity').fill('500');
    await addType.getByRole('button', { name: 'Add ticket type' }).click();
    await page.getByTestId('ticket-types').getByText('Standing').waitFor();
    await page.getByTestId('publish').click();
    await expectText(page, 'event-status', 'On sale');
    await screenshot(page, 'dashboard', 'event-setup');

    // A sale through the API, as a visitor's phone makes it: 2 tickets to one buyer, so 1 holder of 2.
    const event = await (await fetch(`${baseUrl}/api/v1/events/${eventId}`)).json();
    const ticketTypeId = event.ticketTypes[0].id as string;
    const buyer = await HttpWallet.withAccount(baseUrl);
    const orderId = await buyer.buy(eventId, ticketTypeId, 2);

    await page.getByTestId('tab-overview').click();
    await expectText(page, 'tickets-sold', '2');
    await expectText(page, 'reach-rate', '50%');
    await page.getByTestId('sales-chart').locator('canvas').waitFor();
    expect(await page.getByTestId('sales-chart').locator('table td').last().textContent()).toBe('2');
    // The buyer hands one ticket on: two phones hold the two tickets, the reach is whole.
    const friend = await HttpWallet.withAccount(baseUrl);
    await buyer.handOn(eventId, friend);
    await expectText(page, 'reach-rate', '100%');
    await screenshot(page, 'dashboard', 'event-overview');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-orders').click()]);
    expect(await readFile((await download.path())!, 'utf8')).toContain(orderId);

    await page.getByTestId('tab-gate').click();
    await page.getByLabel('Device name').fill('Main entrance');
    await page.getByTestId('create-device').click();
    await page.getByTestId('pair-qr').waitFor();
    const pairUrl = await page.getByTestId('pair-url').inputValue();
    expect(pairUrl).toMatch(/\/scanner\/pair#.+/);
    const gateToken = pairUrl.split('#')[1]!;
    const pack = await fetch(`${baseUrl}/api/v1/gate/pack`, { headers: { authorization: `Bearer ${gateToken}` } });
    expect(pack.status).toBe(200);
    await screenshot(page, 'dashboard', 'gate-pairing');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByTestId('devices').getByText('Main entrance').waitFor();
    // The paired scanner lets the friend in, then refuses the same ticket a second time.
    const qr = await friend.qr(eventId);
    for (const scannedAt of [new Date(), new Date(Date.now() + 1000)]) {
      const scans = [{ scanId: randomUUID(), qr, scannedAt: scannedAt.toISOString(), gate: 'Main entrance' }];
      await fetch(`${baseUrl}/api/v1/gate/scans`, { method: 'POST', headers: { authorization: `Bearer ${gateToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ scans }) });
    }
    await expectText(page, 'gate-accepted', '1');
    await expectText(page, 'gate-refused', '1');
    await page.getByTestId('entries-chart').locator('canvas').waitFor();
    await page.getByTestId('refused-bars').getByText('Already').waitFor();
    await screenshot(page, 'dashboard', 'gate');

    await page.getByTestId('tab-messages').click();
    const compose = page.getByTestId('compose');
    await compose.locator('input[name=titleNl]').fill('Deuren open');
    await compose.locator('textarea[name=bodyNl]').fill('Kom binnen, de zaal is open.');
    await compose.locator('input[name=titleEn]').fill('Doors open');
    await compose.locator('textarea[name=bodyEn]').fill('Come in, the hall is open.');
    await expectText(page, 'recipient-count', 'Reaches 2 holders');
    await screenshot(page, 'dashboard', 'messages-compose');
    await page.getByTestId('send').click();
    // Sent now, it is first shown as the wallets will show it.
    await compose.getByRole('alert').getByTestId('message-preview').first().waitFor();
    await compose.getByRole('button', { name: 'Yes, send now' }).click();
    await expectText(page, 'sent', /Sent to 2 holders/);
    // Each visitor reads it in the wallet's language.
    const inbox = (lang: string) => friend.call<{ messages: { title: string; body: string }[] }>('GET', `/api/v1/me/inbox?lang=${lang}`);
    expect((await inbox('nl')).messages.map(({ title, body }) => ({ title, body }))).toEqual([{ title: 'Deuren open', body: 'Kom binnen, de zaal is open.' }]);
    expect((await inbox('en')).messages.map(({ title, body }) => ({ title, body }))).toEqual([{ title: 'Doors open', body: 'Come in, the hall is open.' }]);
    await page.getByTestId('messages').getByText('Doors open').waitFor();
    await screenshot(page, 'dashboard', 'messages');

    await page.getByTestId('tab-vouchers').click();
    await page.getByLabel('Name', { exact: true }).fill('Free drink');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.getByTestId('campaigns').getByText('Free drink').waitFor();
    for (const [tab, name] of [['holders', 'holders'], ['vouchers', 'vouchers'], ['setup', 'event-setup-on-sale']] as const) {
      await page.getByTestId(`tab-${tab}`).click();
      await page.waitForLoadState('networkidle');
      await screenshot(page, 'dashboard', name);
    }
    for (const [link, name] of [['Visitors', 'visitors'], ['Profile questions', 'questions'], ['Staff', 'staff'], ['Audit log', 'audit-log'], ['Events', 'events']] as const) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).click();
      await page.waitForLoadState('networkidle');
      await screenshot(page, 'dashboard', name);
    }
    // A webhook for paid orders: the next sale reaches the organizer's own https endpoint, signed.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByLabel('URL').fill(receiver.url('/hooks/ticketguard'));
    await page.getByTestId('create-webhook').click();
    const secret = await page.getByTestId('secret').inputValue();
    await screenshot(page, 'dashboard', 'webhooks-secret');
    await (await HttpWallet.withAccount(baseUrl)).buy(eventId, ticketTypeId, 1);
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBeGreaterThan(0);
    const delivery = receiver.received[0]!;
    expect(delivery.headers['ticketguard-event']).toBe('order.paid');
    expect(delivery.headers['ticketguard-signature']).toBe(`sha256=${createHmac('sha256', secret).update(delivery.body).digest('hex')}`);
    expect(JSON.parse(delivery.body).data).toMatchObject({ eventId });
    await page.getByRole('button', { name: 'Done' }).click();
    await page.reload();
    await expectText(page, 'last-delivery', /delivered \(204\)/);
    await screenshot(page, 'dashboard', 'webhooks');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Events', exact: true }).click();

    await page.getByTestId('language').selectOption('nl');
    await page.getByRole('link', { name: 'Night of Tests' }).click();
    await page.getByText('Bereik', { exact: true }).first().waitFor();
    await screenshot(page, 'dashboard', 'event-overview-nl');
    await page.emulateMedia({ colorScheme: 'light' });
    await screenshot(page, 'dashboard', 'event-overview-nl-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByTestId('language').selectOption('en');

    // The same screens on a small phone.
    const token = await page.evaluate(() => localStorage.getItem('tg-dashboard-token'));
    const mobile = await browser.newContext(phone);
    const small = await mobile.newPage();
    const smallErrors = watchConsole(small);
    await small.goto(`${baseUrl}/dashboard/`);
    await small.evaluate((value) => localStorage.setItem('tg-dashboard-token', value!), token);
    for (const [path, name] of [['', 'events'], [`/events/${eventId}`, 'event-overview'], [`/events/${eventId}/setup`, 'event-setup'], [`/events/${eventId}/gate`, 'gate'], [`/events/${eventId}/messages`, 'messages']] as const) {
      await small.goto(`${baseUrl}/dashboard${path}`);
      await small.waitForLoadState('networkidle');
      await screenshot(small, 'dashboard', `phone-${name}`);
      expect(await small.evaluate(() => document.documentElement.scrollWidth), `phone-${name} is wider than the phone`).toBeLessThanOrEqual(360);
    }
    await small.getByRole('button', { name: 'Menu' }).click();
    await small.getByRole('link', { name: 'Webhooks' }).waitFor();
    await screenshot(small, 'dashboard', 'phone-menu');
    await mobile.close();
    expect(errors).toEqual([]);
    expect(smallErrors).toEqual([]);
  });

  it('invites gate staff by a one-time link, who then see the gate and nothing about money or holders', { timeout: 60_000 }, async () => {
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${server.baseUrl}/dashboard/staff`);
    await page.getByLabel('Role', { exact: true }).selectOption('gate');
    await page.getByRole('button', { name: 'Make invite link' }).click();
    const inviteUrl = await page.getByTestId('invite-url').inputValue();
    expect(inviteUrl).toMatch(/\/dashboard\/invite#.+/);
    await screenshot(page, 'dashboard', 'staff-invite');

    const mobile = await browser.newContext(phone);
    const small = await mobile.newPage();
    const smallErrors = watchConsole(small);
    await small.goto(inviteUrl);
    await small.getByLabel('Your name').fill('Sam at the door');
    await small.getByLabel('Email').fill('sam@paradiso.example');
    await small.getByLabel('Password').fill('another long password');
    await screenshot(small, 'dashboard', 'phone-invite');
    await small.getByRole('button', { name: 'Join' }).click();
    await small.getByRole('link', { name: 'Night of Tests' }).click();
    await small.getByRole('heading', { name: 'At the gate' }).waitFor();
    expect(small.url()).toContain(`/events/${eventId}/gate`);
    await expect(small.getByRole('navigation', { name: 'Event' }).getByRole('link').allTextContents()).resolves.toEqual(['Gate', 'Check-in lists']);
    // Who is inside, and the lists, but nothing to change and no exports with holders in them.
    await small.getByTestId('tab-lists').click();
    await small.getByTestId('check-in-lists').getByRole('heading', { name: 'Entrance' }).waitFor();
    await expectText(small, 'inside-now', '1');
    for (const name of [/^Edit/, /^Delete/, /CSV/, 'Create list']) await expect(small.getByRole('button', { name }).count(), String(name)).resolves.toBe(0);
    await small.getByTestId('tab-gate').click();
    await small.getByRole('button', { name: 'Menu' }).click();
    await expect(small.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).resolves.toEqual(['Events', 'Help desk']);
    await screenshot(small, 'dashboard', 'phone-gate-staff');

    // A used invite is refused with a sentence the invitee understands.
    const again = await browser.newContext(phone);
    const third = await again.newPage();
    await third.goto(inviteUrl);
    await third.getByLabel('Your name').fill('Someone else');
    await third.getByLabel('Email').fill('else@paradiso.example');
    await third.getByLabel('Password').fill('yet another password');
    await third.getByRole('button', { name: 'Join' }).click();
    await third.getByText('This invite has been used already').waitFor();
    await again.close();

    await page.reload();
    await page.getByTestId('staff').getByText('Sam at the door').waitFor();
    await screenshot(page, 'dashboard', 'staff');
    await mobile.close();
    expect(errors).toEqual([]);
    expect(smallErrors).toEqual([]);
  });
});
