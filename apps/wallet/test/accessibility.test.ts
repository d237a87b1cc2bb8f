import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessibleInBothSchemes, tabThrough, tabTo, tabToAndPress } from '../../../packages/server/test/support/accessibility.ts';
import { browserAvailable, phone, screenshot, webTestBed } from '../../../packages/server/test/support/browser.ts';
import { bearer } from '../../../packages/server/test/support/harness.ts';
import { addParking, buyInWallet, eventWithGate } from './support.ts';

const check = (page: Page, name: string) => expectAccessibleInBothSchemes(page, 'wallet', name);

describe.skipIf(!browserAvailable)('wallet: accessibility (WCAG 2.1 AA, dark and light, keyboard)', () => {
  const web = webTestBed();

  it('passes axe on every main screen, in the dark and in the light, in English and Dutch', async () => {
    const event = await eventWithGate(web.server.app);
    const context = await web.browser.newContext(phone);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web.server.baseUrl });
    const page = await context.newPage();

    await page.goto(`${web.server.baseUrl}/wallet/e/${event.eventId}`);
    await page.getByText('20 available').waitFor();
    await check(page, 'event');

    await buyInWallet(page, web.server.baseUrl, event.eventId, 1);
    await check(page, 'my-tickets');

    await page.getByTestId('ticket-row').first().click();
    await page.locator('[data-testid="ticket-qr"]:not(.qr-placeholder)').waitFor();
    await check(page, 'ticket');
    await page.getByRole('button', { name: 'Make a link for a friend' }).click();
    await page.getByText('Link copied').waitFor();
    await check(page, 'hand-on-link');

    const organizer = (url: string, payload: object) => web.server.app.inject({ method: 'POST', url, headers: bearer(event.organizer.token), payload });
    const campaign = await organizer(`/api/v1/events/${event.eventId}/voucher-campaigns`, { name: 'Free drink', description: 'One drink at the bar.' });
    await organizer(`/api/v1/events/${event.eventId}/messages`, { title: 'Doors open at 19:00', body: 'Welcome!', voucherCampaignId: campaign.json().id });
    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByTestId('message').getByRole('heading', { name: 'Doors open at 19:00' }).waitFor();
    await page.getByTestId('inbox-live').getByText('Live').waitFor();
    await check(page, 'inbox');

    await page.getByRole('link', { name: 'Vouchers' }).click();
    await page.getByTestId('voucher').getByRole('heading', { name: 'Free drink' }).waitFor();
    await check(page, 'vouchers');

    await page.getByRole('link', { name: 'Privacy' }).click();
    await page.getByRole('button', { name: 'Download as JSON' }).waitFor();
    await check(page, 'privacy');
    await page.getByTestId('language').selectOption('nl');
    await page.getByRole('button', { name: 'Download als JSON' }).waitFor();
    await check(page, 'privacy-nl');
    await page.getByRole('link', { name: 'Tickets' }).click();
    await page.getByRole('heading', { name: 'Mijn tickets' }).waitFor();
    await check(page, 'my-tickets-nl');
    await page.getByTestId('language').selectOption('en');

    await page.goto(`${web.server.baseUrl}/wallet/recover`);
    await page.getByRole('heading', { name: 'Recover my tickets' }).waitFor();
    await check(page, 'recover');
    await context.close();
  }, 90_000);

  it('can be used with the Tab key alone: the ticket screen and the tab bar, each focus visible', async () => {
    const event = await eventWithGate(web.server.app);
    const context = await web.browser.newContext(phone);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web.server.baseUrl });
    const page = await context.newPage();
    await buyInWallet(page, web.server.baseUrl, event.eventId, 1);
    await page.getByTestId('ticket-row').first().click();
    await page.locator('[data-testid="ticket-qr"]:not(.qr-placeholder)').waitFor();
    const ticketUrl = page.url();

    await page.reload();
    await page.locator('[data-testid="ticket-qr"]:not(.qr-placeholder)').waitFor();
    const labels = await tabThrough(page, 14);
    expect(labels).toEqual(expect.arrayContaining(['Ticketguard', 'Make a link for a friend', 'Back up with a passkey', 'Tickets', 'Inbox', 'Vouchers', 'Privacy']));

    // The main action, by keyboard: Enter on the hand-on button, then Enter on a tab of the bar.
    await page.goto(ticketUrl);
    await page.locator('[data-testid="ticket-qr"]:not(.qr-placeholder)').waitFor();
    await tabToAndPress(page, 'Make a link for a friend', 'Enter');
    await page.getByText('Link copied').waitFor();
    await tabTo(page, 'Inbox');
    await screenshot(page, 'wallet', 'a11y-focus-tab-bar');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    await context.close();
  }, 60_000);

  it('passes axe with add-ons (a visitor, a holder, the ticket screen), bought and switched between by keyboard', async () => {
    const event = await eventWithGate(web.server.app, { maxTicketsPerAccount: 4 });
    await addParking(web.server.app, event.organizer.token, event.eventId);
    const context = await web.browser.newContext(phone);
    const page = await context.newPage();
    const eventPage = `${web.server.baseUrl}/wallet/e/${event.eventId}`;

    await page.goto(eventPage);
    await page.getByText('Parking is sold with a ticket only: add a ticket above first.').waitFor();
    await check(page, 'event-extras');
    await tabToAndPress(page, 'One more Standing ticket', 'Enter');
    await tabToAndPress(page, 'One more Parking', 'Enter');
    await tabToAndPress(page, 'Buy for €45.00', 'Enter');
    await page.getByRole('heading', { name: 'Checkout' }).waitFor();
    await check(page, 'checkout-extras');
    await tabToAndPress(page, 'Pay', 'Enter');
    await page.getByTestId('ticket-row').nth(1).waitFor();
    await check(page, 'my-tickets-extras');

    await page.getByTestId('ticket-row').nth(1).click();
    await page.locator('[data-testid="ticket-qr"]:not(.qr-placeholder)').waitFor();
    await check(page, 'ticket-addon');
    await tabToAndPress(page, 'Ticket 1 · Standing', 'Enter');
    await page.getByRole('img', { name: 'Entry code for Night of Tests' }).waitFor();

    await page.goto(eventPage);
    await page.getByRole('heading', { name: 'Add Parking to your Night of Tests' }).waitFor();
    await check(page, 'event-extras-holder');
    await context.close();
  }, 60_000);
});
