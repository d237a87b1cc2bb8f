import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserAvailable, desktop, launchBrowser, screenshot, startWebServer, watchConsole, type WebServer } from '../../../packages/server/test/support/browser.ts';
import { dialects } from '../../../packages/server/test/support/dialects.ts';
import { bearer, publishedEvent, signUp } from '../../../packages/server/test/support/harness.ts';
import { testClock, type TestClock } from '../../../packages/server/test/support/clock.ts';
import { uploadScan } from '../../../packages/server/test/support/scans.ts';
import { runDueJobs } from '../../../packages/server/src/jobs/run-jobs.ts';
import { HttpWallet } from './support/http-wallet.ts';
import { barValue, downloadLines, expectText, signedInPage } from './support/dashboard-page.ts';
// A pseudonym may start with '-': the export defuses it as a formula, as for any cell.
import { csvCell } from '../../../packages/server/src/domain/exports/csv.ts';

/** What an organizer does after the on-sale, driven through the dashboard and proved through the API. */
describe.skipIf(!browserAvailable)('organizer dashboard operations', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  describe.each(dialects)('on $name', (dialect) => {
    let server: WebServer;
    let clock: TestClock;
    let context: BrowserContext;
    let token = '';
    let page: Page;
    let errors: string[];

    beforeAll(async () => {
      clock = testClock();
      server = await startWebServer(dialect, {}, clock);
      ({ token } = await signUp(server.app));
      // UTC, so that a time typed into a datetime-local field is the ISO time the test reasons in.
      context = await browser.newContext({ ...desktop, timezoneId: 'UTC' });
    });
    afterAll(async () => {
      await context?.close();
      await server?.stop();
    });

    const open = async (path: string) => {
      page = await signedInPage(context, server.baseUrl, token, path);
      errors = watchConsole(page);
    };
    const wallet = () => HttpWallet.withAccount(server.baseUrl, clock);
    const publicEvent = async (eventId: string) => (await fetch(`${server.baseUrl}/api/v1/events/${eventId}`)).json();
    const packStatus = async (gateToken: string) => (await server.app.inject({ method: 'GET', url: '/api/v1/gate/pack', headers: bearer(gateToken) })).statusCode;
    const scan = (gateToken: string, qr: string, mode: 'ticket' | 'voucher' = 'ticket') => uploadScan(server.app, gateToken, qr, { at: clock(), gate: mode === 'voucher' ? 'Bar' : 'Main entrance', mode });
    const organizerGet = async (path: string) => (await server.app.inject({ method: 'GET', url: path, headers: bearer(token) })).json();
    const tab = async (name: string, shot: string) => {
      await page.getByTestId(`tab-${name}`).click();
      await page.waitForLoadState('networkidle');
      await screenshot(page, 'dashboard', `ops-${shot}`);
    };

    it('edits an event and a ticket type, then cancels the event: its tickets are revoked and buying is refused', { timeout: 60_000 }, async () => {
      const event = await publishedEvent(server.app, token, { capacity: 100 });
      const buyer = await wallet();
      await buyer.buy(event.eventId, event.ticketTypeId, 1);
      await open(`/events/${event.eventId}/setup`);

      const form = page.getByTestId('event-form');
      await form.getByLabel('Event name', { exact: true }).fill('Night of Edits');
      await form.getByLabel('Venue', { exact: true }).fill('Paradiso');
      await form.getByRole('button', { name: 'Save' }).click();
      await expectText(page, 'event-name', 'Night of Edits');
      await page.getByRole('button', { name: 'Edit Standing' }).click();
      const types = page.getByTestId('ticket-types');
      await types.getByLabel('Name').fill('Standing front');
      await types.getByLabel('Capacity').fill('40');
      await screenshot(page, 'dashboard', 'ops-ticket-type-edit');
      await types.getByRole('button', { name: 'Save' }).click();
      await types.getByText('Standing front').waitFor();
      await screenshot(page, 'dashboard', 'ops-event-edited');
      expect(await publicEvent(event.eventId)).toMatchObject({ name: 'Night of Edits', venue: 'Paradiso', ticketTypes: [{ name: 'Standing front', available: 39 }] });

      await page.getByRole('button', { name: 'Cancel event' }).click();
      await screenshot(page, 'dashboard', 'ops-event-cancel-confirm');
      await page.getByRole('button', { name: 'Yes, cancel and refund all' }).click();
      await page.getByText('This event is cancelled').waitFor();
      await expectText(page, 'event-status', 'Cancelled');
      await screenshot(page, 'dashboard', 'ops-event-cancelled');
      // The server refuses edits to a cancelled event, so the screen offers none.
      for (const name of ['Save', 'Edit Standing front', 'Add ticket type']) await expect(page.getByRole('button', { name }).count(), name).resolves.toBe(0);

      expect((await publicEvent(event.eventId)).status).toBe('cancelled');
      expect((await buyer.tickets(event.eventId)).map((t) => t.state)).toEqual(['revoked']);
      const refused = await buyer.request('POST', '/api/v1/orders', { eventId: event.eventId, items: [{ ticketTypeId: event.ticketTypeId, quantity: 1 }] });
      expect(refused.status).toBe(409);
      expect((await refused.json()).error.code).toBe('invalid_state');
      expect(errors).toEqual([]);
    });

    it('shows a handed-on ticket under a pseudonym with its history, revokes and refunds it, and re-pairs and removes a gate device', { timeout: 60_000 }, async () => {
      const event = await publishedEvent(server.app, token);
      const buyer = await wallet();
      const orderId = await buyer.buy(event.eventId, event.ticketTypeId, 2);
      const friend = await wallet();
      await buyer.handOn(event.eventId, friend);
      await open(`/events/${event.eventId}/gate`);

      await page.getByLabel('Device name').fill('Main entrance');
      await page.getByTestId('create-device').click();
      const firstToken = (await page.getByTestId('pair-url').inputValue()).split('#')[1]!;
      await page.getByRole('button', { name: 'Done' }).click();
      await page.getByRole('button', { name: 'Pair again: Main entrance' }).click();
      await page.getByTestId('pair-qr').waitFor();
      await expect.poll(async () => (await page.getByTestId('pair-url').inputValue()).split('#')[1]).not.toBe(firstToken);
      const gateToken = (await page.getByTestId('pair-url').inputValue()).split('#')[1]!;
      await screenshot(page, 'dashboard', 'ops-gate-paired-again');
      expect(await packStatus(firstToken)).toBe(401);
      expect(await packStatus(gateToken)).toBe(200);
      await page.getByRole('button', { name: 'Done' }).click();

      await tab('holders', 'holders');
      const { holders } = await organizerGet(`/api/v1/events/${event.eventId}/holders`);
      expect(holders).toHaveLength(2);
      for (const { holderRef } of holders) await page.getByTestId('holders').locator(`code[title="${holderRef}"]`).waitFor();
      const claim = page.getByTestId('transfers').getByRole('row').filter({ hasText: 'Handed on' });
      await claim.getByText('Standing').waitFor();
      const { transfers } = await organizerGet(`/api/v1/events/${event.eventId}/transfers`);
      expect(transfers).toMatchObject([{ ticketTypeId: event.ticketTypeId, reason: 'claim' }]);
      expect(transfers[0]).not.toHaveProperty('ticketId');
      expect(holders.map((h: { holderRef: string }) => h.holderRef)).toContain(transfers[0].to);
      await expect(claim.locator('code').allTextContents()).resolves.toEqual([transfers[0].from.slice(0, 10), transfers[0].to.slice(0, 10)]);
      const shown = await page.locator('main').textContent();
      for (const accountId of [buyer.accountId, friend.accountId]) expect(shown).not.toContain(accountId);

      const revoke = page.locator('form', { has: page.getByRole('heading', { name: 'Revoke a ticket' }) });
      // Every ticket held now can be revoked, also the buyer's own that never moved, by the holder list's handles.
      const handleOf = (holderRef: string) => holders.find((h: { holderRef: string }) => h.holderRef === holderRef).ticketHandles[0] as string;
      const [friendsTicket, kept] = [handleOf(transfers[0].to), handleOf(transfers[0].from)];
      const choices = () => revoke.getByLabel('Ticket', { exact: true }).locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).sort());
      await expect.poll(choices).toEqual([friendsTicket, kept].sort());
      await revoke.getByLabel('Ticket', { exact: true }).selectOption(friendsTicket);
      await revoke.getByLabel('Reason', { exact: true }).fill('Sold on a resale site');
      await expect(revoke.getByLabel(/Refund the face value/).isChecked()).resolves.toBe(true);
      await revoke.getByRole('button', { name: 'Revoke ticket' }).click();
      await revoke.getByRole('status').filter({ hasText: `Ticket 1 of holder ${transfers[0].to.slice(0, 10)}: revoked.` }).waitFor();
      await expect(revoke.getByLabel('Reason', { exact: true }).inputValue()).resolves.toBe('');
      await expect.poll(choices).toEqual([kept]);
      await screenshot(page, 'dashboard', 'ops-holders-revoked');
      expect((await friend.tickets(event.eventId)).map((t) => t.state)).toEqual(['revoked']);
      expect(await scan(gateToken, await friend.qr(event.eventId))).toMatchObject({ verdict: 'rejected', reason: 'revoked' });

      await tab('overview', 'overview-after-revoke');
      const [header, ...rows] = await downloadLines(page, 'export-orders');
      expect(header).toBe('orderId,status,createdAt,paidAt,holderRef,tickets,items,totalCents,refundedCents,currency,resale');
      expect(rows).toHaveLength(1);
      expect(rows[0]!.split(',')).toEqual([orderId, 'paid', expect.any(String), expect.any(String), csvCell(transfers[0].from), '2', '2 × Standing', '7000', '3500', 'EUR', 'no']);

      await tab('gate', 'gate-before-remove');
      await page.getByRole('button', { name: 'Remove Main entrance' }).click();
      await page.getByRole('alert').getByText('scans it has not uploaded yet are lost').waitFor();
      await screenshot(page, 'dashboard', 'ops-gate-remove-confirm');
      await page.getByRole('button', { name: 'Remove Main entrance now' }).click();
      await page.getByText('No gate devices yet').waitFor();
      await screenshot(page, 'dashboard', 'ops-gate-removed');
      expect(await packStatus(gateToken)).toBe(401);
      expect(errors).toEqual([]);
    });

    it('schedules a message and a check-in message with a voucher, counts their delivery and the voucher, and shows exports, questions, visitors and the audit log', { timeout: 60_000 }, async () => {
      const event = await publishedEvent(server.app, token);
      const buyer = await wallet();
      await buyer.buy(event.eventId, event.ticketTypeId, 2);
      const friend = await wallet();
      await buyer.handOn(event.eventId, friend);
      const device = await server.app.inject({ method: 'POST', url: `/api/v1/events/${event.eventId}/gate-devices`, headers: bearer(token), payload: { name: 'Main entrance' } });
      const gateToken = device.json().token as string;
      const friendRef = (await organizerGet(`/api/v1/events/${event.eventId}/transfers`)).transfers[0].to as string;
      await open(`/events/${event.eventId}/vouchers`);

      await page.getByLabel('Name', { exact: true }).fill('Free drink');
      await page.getByRole('button', { name: 'Create campaign' }).click();
      const counts = page.getByRole('list', { name: 'Issued and redeemed vouchers of Free drink' });
      await expect(barValue(counts, 'Issued').textContent()).resolves.toBe('0');

      await tab('messages', 'messages-empty');
      const compose = page.getByTestId('compose');
      const write = async (nl: string, en: string) => {
        await compose.locator('input[name=titleNl]').fill(nl);
        await compose.locator('textarea[name=bodyNl]').fill(`${nl}: tekst`);
        await compose.locator('input[name=titleEn]').fill(en);
        await compose.locator('textarea[name=bodyEn]').fill(`${en}: text`);
      };
      await write('Deuren open', 'Doors open');
      await compose.getByLabel('At a time').check();
      const sendAt = new Date(clock().getTime() + 120_000);
      await compose.getByLabel('Send at').fill(sendAt.toISOString().slice(0, 16));
      await expectText(page, 'recipient-count', 'Reaches 2 holders');
      await screenshot(page, 'dashboard', 'ops-message-schedule');
      await compose.getByRole('button', { name: 'Schedule' }).click();
      await expectText(page, 'sent', 'Scheduled.');
      await write('Welkom binnen', 'Welcome in');
      await compose.getByLabel('When each holder checks in').check();
      await compose.getByLabel('Attach a voucher').selectOption({ label: 'Free drink' });
      await compose.getByRole('button', { name: 'Schedule' }).click();
      const listed = (title: string) => page.getByTestId('messages').getByRole('listitem').filter({ has: page.getByRole('heading', { name: title }) });
      await listed('Welcome in').waitFor();
      await expect(listed('Doors open').locator('.badge').textContent()).resolves.toBe('Scheduled');
      await screenshot(page, 'dashboard', 'ops-messages-scheduled');

      // Past the time the message was set for, the job queue sends it to both holders.
      clock.advance(5 * 60);
      await runDueJobs(server.ctx);
      // Each reads it in their wallet's language: the buyer in English, the friend in Dutch.
      const titles = async (phone: HttpWallet, lang = 'en') => (await phone.call<{ messages: { title: string }[] }>('GET', `/api/v1/me/inbox?lang=${lang}`)).messages.map((m) => m.title);
      await expect.poll(() => titles(buyer)).toEqual(['Doors open']);
      await expect.poll(() => titles(friend, 'nl')).toEqual(['Deuren open']);
      await page.reload();
      const delivered = (title: string) => barValue(listed(title), 'In inbox');
      await expect.poll(() => delivered('Doors open').textContent()).toBe('2');
      await expect(listed('Doors open').locator('.badge').textContent()).resolves.toBe('Sent');

      // The friend is let in: the check-in message reaches only them, with a free drink.
      const admittedAt = clock().toISOString();
      expect(await scan(gateToken, await friend.qr(event.eventId))).toMatchObject({ verdict: 'accepted' });
      await runDueJobs(server.ctx);
      await expect.poll(() => titles(friend, 'nl')).toContain('Welkom binnen');
      expect(await titles(buyer)).toEqual(['Doors open']);
      const { vouchers } = await friend.call<{ vouchers: { name: string; state: string; credential: string }[] }>('GET', '/api/v1/me/vouchers');
      expect(vouchers).toMatchObject([{ name: 'Free drink', state: 'valid' }]);
      await page.reload();
      await expect.poll(() => delivered('Welcome in').textContent()).toBe('1');
      await screenshot(page, 'dashboard', 'ops-messages-delivered');

      await tab('vouchers', 'vouchers-issued');
      await expect(barValue(counts, 'Issued').textContent()).resolves.toBe('1');
      await expect(barValue(counts, 'Redeemed').textContent()).resolves.toBe('0');
      expect(await scan(gateToken, await friend.qrOf(vouchers[0]!.credential), 'voucher')).toMatchObject({ verdict: 'accepted' });
      await page.reload();
      await expect.poll(() => barValue(counts, 'Redeemed').textContent()).toBe('1');
      await screenshot(page, 'dashboard', 'ops-vouchers-redeemed');

      await tab('overview', 'overview-checked-in');
      const [header, ...rows] = await downloadLines(page, 'export-checkins');
      expect(header).toBe('ticket,ticketTypeId,ticketType,kind,holderRef,list,direction,scannedAt,gate,device');
      expect(rows).toHaveLength(1);
      const { holders } = await organizerGet(`/api/v1/events/${event.eventId}/holders`);
      const friendsHandle = holders.find((h: { holderRef: string }) => h.holderRef === friendRef).ticketHandles[0];
      expect(rows[0]!.split(',')).toEqual([friendsHandle, event.ticketTypeId, 'Standing', 'admission', csvCell(friendRef), 'Entrance', 'in', admittedAt, 'Main entrance', 'Main entrance']);

      // A profile question, answered by the friend after check-in: the holder list then shows personal data, which is audit-logged.
      await createQuestion(page);
      const [due] = (await friend.call<{ questions: { id: string }[] }>('GET', '/api/v1/me/questions')).questions;
      expect(due).toMatchObject({ reward: { voucherCampaignId: expect.any(String) } });
      await friend.call('POST', '/api/v1/me/answers', { questionId: due!.id, answer: 'Utrecht' });
      expect((await organizerGet('/api/v1/profile-questions')).questions).toEqual([expect.objectContaining({ key: 'to_send_you_news_of_concerts_in_your_city', purpose: 'to send you news of concerts in your city', answers: 1 })]);
      await page.goto(`${server.baseUrl}/dashboard/events/${event.eventId}/holders`);
      const friendRow = page.getByTestId('holders').getByRole('row').filter({ has: page.locator(`code[title="${friendRef}"]`) });
      await friendRow.getByText('Which city do you live in? Utrecht').waitFor();
      await expect(friendRow.getByRole('cell').allTextContents()).resolves.toEqual([friendRef.slice(0, 10), '1', '1', 'Which city do you live in? Utrecht']);
      await screenshot(page, 'dashboard', 'ops-holders-profile');

      await visitorPicture(page);
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Audit log', exact: true }).click();
      const audit = page.getByTestId('audit');
      await audit.getByRole('row').filter({ hasText: 'Read the holder list' }).filter({ hasText: '1 profile answer of 1 holder' }).waitFor();
      await audit.getByRole('row').filter({ hasText: 'Read the visitor picture' }).first().waitFor();
      await screenshot(page, 'dashboard', 'ops-audit-log');
      expect((await organizerGet('/api/v1/audit-log')).entries).toEqual(
        expect.arrayContaining([expect.objectContaining({ action: 'holders.read', subject: `event:${event.eventId}` }), expect.objectContaining({ action: 'insights.visitors' })]),
      );
      expect(errors).toEqual([]);
    });
  });
});

/** A profile question made on its page, asked after check-in (the form's default moment), with a free drink for an answer. */
async function createQuestion(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile questions', exact: true }).click();
  await page.getByLabel('Question in Dutch').fill('In welke stad woon je?');
  await page.getByLabel('Question in English').fill('Which city do you live in?');
  await page.getByLabel('Why you ask').fill('to send you news of concerts in your city');
  await page.getByLabel('Reward (optional)').selectOption({ label: 'Free drink' });
  await page.getByRole('button', { name: 'Add question' }).click();
  const question = page.getByTestId('questions').getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Which city do you live in?' }) });
  await question.getByText('Reward: Free drink').waitFor();
  await screenshot(page, 'dashboard', 'ops-questions');
}

/** The visitor picture of an organizer with a handful of visitors: every group is under k = 10, so every figure is hidden. */
async function visitorPicture(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Visitors', exact: true }).click();
  await expectText(page, 'returning', 'fewer than 10');
  const bins = page.getByTestId('events-per-holder').locator('.bar-value');
  await expect(bins.allTextContents()).resolves.toEqual(Array(5).fill('fewer than 10'));
  await expect.poll(() => page.locator('.bar-value').allTextContents()).toEqual(Array(9).fill('fewer than 10'));
  await expectText(page, 'visitors', 'fewer than 10');
  await page.getByRole('heading', { name: 'Which city do you live in?' }).waitFor();
  await expect(page.getByText('Utrecht').count()).resolves.toBe(0);
  await screenshot(page, 'dashboard', 'ops-visitors-suppressed');
}
