import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { expectAccessibleInBothSchemes, tabThrough, tabTo, tabToAndPress } from '../../../packages/server/test/support/accessibility.ts';
import { browserAvailable, desktop, phone, webTestBed } from '../../../packages/server/test/support/browser.ts';
import { organizerRequest, publishedEvent, signUp } from '../../../packages/server/test/support/harness.ts';
import { uploadScan } from '../../../packages/server/test/support/scans.ts';
import { HttpWallet } from './support/http-wallet.ts';

describe.skipIf(!browserAvailable)('dashboard: accessibility (WCAG 2.1 AA, dark and light, desktop and phone, keyboard)', () => {
  const web = webTestBed();
  let token = '';
  let eventId = '';

  // An organizer with a sale, a handed-on ticket, a scan at the gate, a message, a voucher campaign, a
  // profile question, an add-on, a check-in list of its own with a device on it and a waiting room, so each screen shows
  // its lists and charts, not only its empty state.
  beforeAll(async () => {
    const organizer = await signUp(web.server.app);
    token = organizer.token;
    const as = organizerRequest(() => web.server.app, () => token);
    const event = await publishedEvent(web.server.app, token, { capacity: 20 });
    eventId = event.eventId;
    const buyer = await HttpWallet.withAccount(web.server.baseUrl);
    const friend = await HttpWallet.withAccount(web.server.baseUrl);
    await buyer.buy(eventId, event.ticketTypeId, 2);
    await buyer.handOn(eventId, friend);
    // A revoked ticket, refunded through the sandbox, so the event's Payments tab shows its table.
    const [kept] = await buyer.tickets(eventId);
    await as('POST', `/api/v1/events/${eventId}/tickets/${kept!.id}/revoke`, { reason: 'Bought twice', refund: true });
    await as('POST', `/api/v1/events/${eventId}/ticket-types`, { name: 'Parking', priceCents: 1000, currency: 'EUR', capacity: 10, kind: 'addon' });
    const vipArea = await as('POST', `/api/v1/events/${eventId}/check-in-lists`, { name: 'VIP area', ticketTypeIds: [event.ticketTypeId], allowReentry: true });
    await as('POST', `/api/v1/events/${eventId}/gate-devices`, { name: 'VIP door', checkInListId: vipArea.json().id });
    const gateToken = (await as('POST', `/api/v1/events/${eventId}/gate-devices`, { name: 'Main entrance' })).json().token as string;
    await uploadScan(web.server.app, gateToken, await friend.qr(eventId), { at: new Date() });
    const campaign = await as('POST', `/api/v1/events/${eventId}/voucher-campaigns`, { name: 'Free drink' });
    await as('POST', `/api/v1/events/${eventId}/messages`, { title: 'Doors open', body: 'Come in.', voucherCampaignId: campaign.json().id });
    await as('POST', '/api/v1/profile-questions', { key: 'home_town', text: { en: 'Where do you live?', nl: 'Waar woon je?' }, purpose: 'travel_planning', moment: 'after_purchase' });
    // Last, as it puts later orders behind a queue: a waiting room opening in 4 s, two phones joined before it
    // (after a second: the order path above had the server remember for a second that there was no room).
    await as('PATCH', `/api/v1/events/${eventId}`, { onSaleAt: new Date(Date.now() + 4000).toISOString(), waitingRoom: { enabled: true, admitPerMinute: 60 } });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    for (const visitor of [buyer, friend]) await visitor.call('POST', `/api/v1/events/${eventId}/queue`, {});
  });

  /** A signed-in dashboard page in this viewport. */
  async function signedIn(options: BrowserContextOptions) {
    const context = await web.browser.newContext(options);
    await context.addInitScript((value) => localStorage.setItem('tg-dashboard-token', value), token);
    return { context, page: await context.newPage() };
  }

  /** Every signed-in screen, each with what shows it has loaded. */
  const screens = (): [name: string, path: string, ready: (page: Page) => Promise<unknown>][] => [
    ['events', '/', (page) => page.getByRole('link', { name: 'Night of Tests' }).waitFor()],
    ['event-overview', `/events/${eventId}`, (page) => page.getByTestId('sales-chart').locator('canvas').waitFor()],
    ['event-setup', `/events/${eventId}/setup`, (page) => page.getByTestId('ticket-types').getByText('Standing').waitFor()],
    ['gate', `/events/${eventId}/gate`, (page) => page.getByTestId('entries-chart').locator('canvas').waitFor()],
    ['lists', `/events/${eventId}/lists`, (page) => page.getByTestId('presence-chart').locator('canvas').waitFor()],
    ['messages', `/events/${eventId}/messages`, (page) => page.getByTestId('messages').getByText('Doors open').waitFor()],
    ['holders', `/events/${eventId}/holders`, (page) => page.getByTestId('holders').waitFor()],
    ['vouchers', `/events/${eventId}/vouchers`, (page) => page.getByTestId('campaigns').getByText('Free drink').waitFor()],
    ['event-payments', `/events/${eventId}/payments`, (page) => page.getByTestId('refunds').getByText('Bought twice').waitFor()],
    ['waiting-room', `/events/${eventId}/waiting-room`, (page) => page.getByTestId('room-draw').waitFor()],
    ['visitors', '/visitors', (page) => Promise.all([page.getByTestId('returning').waitFor(), page.getByTestId('per-event').waitFor(), page.getByTestId('segment-count').filter({ hasText: 'Choose at least one event.' }).waitFor()])],
    ['questions', '/questions', (page) => page.getByText('Where do you live?').first().waitFor()],
    ['payments', '/payments', (page) => page.getByTestId('payment-current').getByText('Sandbox').first().waitFor()],
    ['webhooks', '/webhooks', (page) => page.getByLabel('URL').waitFor()],
    ['staff', '/staff', (page) => page.getByTestId('staff').waitFor()],
    ['audit-log', '/audit-log', (page) => page.getByTestId('audit').locator('tbody tr').first().waitFor()],
  ];

  async function checkEveryScreen(options: BrowserContextOptions, prefix: string) {
    const anonymous = await web.browser.newContext(options);
    const page = await anonymous.newPage();
    await page.goto(`${web.server.baseUrl}/dashboard/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expectAccessibleInBothSchemes(page, 'dashboard', `${prefix}sign-in`);
    await page.getByRole('link', { name: /Create an organizer/ }).click();
    await page.getByLabel('Organizer name').waitFor();
    await expectAccessibleInBothSchemes(page, 'dashboard', `${prefix}sign-up`);
    await anonymous.close();

    const { context, page: signedInPage } = await signedIn(options);
    await signedInPage.goto(`${web.server.baseUrl}/dashboard/`);
    for (const [name, path, ready] of screens()) {
      // Inside the app, as its links go (the router follows the History API), without reloading it.
      await signedInPage.evaluate((to) => (history.pushState(null, '', to), dispatchEvent(new PopStateEvent('popstate'))), `/dashboard${path}`);
      await ready(signedInPage);
      await expectAccessibleInBothSchemes(signedInPage, 'dashboard', `${prefix}${name}`);
      // Reflow (WCAG 1.4.10): nothing makes the page scroll sideways on a phone.
      expect(await signedInPage.evaluate(() => document.documentElement.scrollWidth), `${prefix}${name} is wider than the screen`).toBeLessThanOrEqual(options.viewport!.width);
    }
    await context.close();
  }

  it('passes axe on every screen on a laptop, in the dark and in the light', { timeout: 90_000 }, () => checkEveryScreen(desktop, ''));

  it('passes axe on every screen on a 360 px phone, in the dark and in the light', { timeout: 90_000 }, () => checkEveryScreen(phone, 'phone-'));

  it('can be used with the Tab key alone: the skip link, the menu on a laptop and a phone, and a form sent with Enter', { timeout: 60_000 }, async () => {
    const { context, page } = await signedIn(desktop);
    await page.goto(`${web.server.baseUrl}/dashboard/`);
    await page.getByRole('link', { name: 'Night of Tests' }).waitFor();
    const labels = await tabThrough(page, 15);
    expect(labels).toEqual(expect.arrayContaining(['Skip to content', 'Ticketguard', 'Sign out', 'Events', 'Help desk', 'Visitors', 'Profile questions', 'Payments', 'Webhooks', 'Staff', 'Audit log', 'Night of Tests']));

    // The skip link takes focus past the menu to the page.
    await page.reload();
    await tabToAndPress(page, 'Skip to content', 'Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');

    // A form by keyboard: a new voucher campaign, sent with Enter on its button.
    await page.goto(`${web.server.baseUrl}/dashboard/events/${eventId}/vouchers`);
    await page.getByTestId('campaigns').waitFor();
    await tabTo(page, 'Name');
    await page.keyboard.type('Free coffee');
    await tabThrough(page, 4);
    await tabToAndPress(page, 'Create campaign', 'Enter');
    await page.getByTestId('campaigns').getByText('Free coffee').waitFor();
    await context.close();

    // On a phone the menu folds into a button: Space opens it, Enter follows a link in it.
    const small = await signedIn(phone);
    await small.page.goto(`${web.server.baseUrl}/dashboard/`);
    await small.page.getByRole('link', { name: 'Night of Tests' }).waitFor();
    await tabToAndPress(small.page, 'Menu', ' ');
    await tabToAndPress(small.page, 'Webhooks', 'Enter');
    await small.page.getByLabel('URL').waitFor();
    await small.context.close();
  });
});
