import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectAccessibleInBothSchemes } from '../../../packages/server/test/support/accessibility.ts';
import { browserAvailable, desktop, launchBrowser, phone, screenshot, startWebServer, watchConsole } from '../../../packages/server/test/support/browser.ts';
import { dialects } from '../../../packages/server/test/support/dialects.ts';
import { bearer, publishedEvent, signUp } from '../../../packages/server/test/support/harness.ts';
import { startMollieStandIn } from '../../../packages/server/test/support/mollie-stand-in.ts';
import { deliverMollieWebhooks, molliePayments, runJobs } from '../../../packages/server/test/support/payments.ts';
import { HttpWallet } from './support/http-wallet.ts';
import { expectText, signedInPage } from './support/dashboard-page.ts';
import { descriptionOf, invitedStaff, organizerMollieKey, organizerStripeKey, startPaymentWorld } from './support/payment-world.ts';

/** The browser logs every refused request as a console error; the refusals a test provokes on purpose are 400s. */
const unexpected = (errors: string[]) => errors.filter((error) => !error.includes('status of 400'));

/** An owner's payment settings and an event's refunds, driven through the dashboard and proved through the API and the stand-ins. */
describe.skipIf(!browserAvailable)('organizer dashboard: payments', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  describe.each(dialects)('on $name', (dialect) => {
    let world: Awaited<ReturnType<typeof startPaymentWorld>>;
    let context: BrowserContext;
    let owner: Awaited<ReturnType<typeof signUp>>;
    let event: { eventId: string; ticketTypeId: string };

    beforeAll(async () => {
      world = await startPaymentWorld(dialect);
      owner = await signUp(world.server.app);
      event = await publishedEvent(world.server.app, owner.token, { capacity: 50 });
      context = await browser.newContext(desktop);
    });
    afterAll(async () => {
      await context?.close();
      await world?.stop();
    });

    const get = async (path: string, token = owner.token) => world.server.app.inject({ method: 'GET', url: path, headers: bearer(token) });
    const refundsOf = async () => (await get(`/api/v1/events/${event.eventId}/refunds`)).json().refunds as { id: string; orderId: string; amountCents: number; reason: string }[];
    const open = (path: string, token = owner.token, where = context) => signedInPage(where, world.server.baseUrl, token, path);
    const save = (page: Page) => page.getByRole('button', { name: 'Save payment settings' }).click();
    const refundRow = (page: Page, refundId: string) => page.getByTestId('refunds').locator(`tr[data-refund="${refundId}"]`);
    /** Every value the page's inputs hold, its markup and its storage: where a key must never be once saved. */
    const everythingShown = (page: Page) =>
      page.evaluate(() => [document.documentElement.outerHTML, ...[...document.querySelectorAll('input')].map((i) => i.value), JSON.stringify(localStorage), JSON.stringify(sessionStorage)].join('\n'));

    it('(a) an owner chooses Mollie with a key of its own: a wrong key is refused at the field, a right one leaves only its hint', { timeout: 60_000 }, async () => {
      const page = await open('/payments');
      const errors = watchConsole(page);
      await expectText(page, 'provider-in-use', 'Sandbox');
      await expectText(page, 'key-source', 'None: the sandbox needs no keys');
      await page.getByRole('radio', { name: /^Mollie/ }).check();
      // The platform's own default is the sandbox, so it has no Mollie keys to lend.
      await expect(page.getByLabel(/Use the platform's/).count()).resolves.toBe(0);
      const key = page.getByLabel('Mollie API key');
      await expect(key.evaluate((el) => [el.getAttribute('type'), el.getAttribute('autocomplete')])).resolves.toEqual(['password', 'off']);

      await key.fill('sk_live_pastedintothewrongfield');
      await save(page);
      await expect.poll(() => descriptionOf(key)).toContain('This is not a Mollie API key: one starts with test_ or live_.');

      await key.fill('test_wrongwrongwrongwrongwrong');
      await save(page);
      await expect.poll(() => descriptionOf(key)).toContain('Mollie did not accept this key.');
      await expect(key.getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(key.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
      // The server asked Mollie, and Mollie (its stand-in) refused that key.
      expect(world.mollie.seen.some((r) => r.headers.authorization === 'Bearer test_wrongwrongwrongwrongwrong')).toBe(true);
      await screenshot(page, 'dashboard', 'payments-refused-key');
      await expectAccessibleInBothSchemes(page, 'dashboard', 'payments-refused-key');

      await key.fill(organizerMollieKey);
      await save(page);
      await expectText(page, 'saved', 'Saved: Mollie with your own key ••••izer.');
      await expectText(page, 'key-source', 'Your own key ••••izer');
      await expectText(page, 'provider-in-use', 'Mollie');
      expect((await get('/api/v1/payment-settings')).json()).toMatchObject({ provider: 'mollie', keyHint: 'izer', keySource: 'organizer', instanceDefault: 'sandbox' });
      await expect(key.inputValue()).resolves.toBe('');
      expect(await everythingShown(page)).not.toContain(organizerMollieKey);
      await screenshot(page, 'dashboard', 'payments-saved');
      expect(unexpected(errors)).toEqual([]);
    });

    // Goes on from (a): the organizer now sells through Mollie with its own key.
    it("(b) orders go to Mollie with the organizer's key, and a revoked ticket's refund shows on its way, then refunded", { timeout: 60_000 }, async () => {
      const buyer = await HttpWallet.withAccount(world.server.baseUrl);
      const { orderId, payment } = await world.payAtMollie(buyer, event, 2);
      const created = world.mollie.seen.find((r) => r.method === 'POST' && r.path === '/v2/payments' && r.body.includes(orderId))!;
      expect(created.headers.authorization).toBe(`Bearer ${organizerMollieKey}`);
      const tickets = await buyer.tickets(event.eventId);
      expect(tickets).toHaveLength(2);
      const revoke = await world.server.app.inject({ method: 'POST', url: `/api/v1/events/${event.eventId}/tickets/${tickets[0]!.id}/revoke`, headers: bearer(owner.token), payload: { reason: 'Sold on a resale site', refund: true } });
      expect(revoke.statusCode).toBe(200);
      await runJobs(world.server.ctx);
      // The server's own job runner may have taken the job first and still be at Mollie: wait for Mollie to have it.
      await expect.poll(() => world.mollie.refunds.get(payment.id)?.length ?? 0).toBe(1);
      const [atMollie] = world.mollie.refunds.get(payment.id)!;
      expect(atMollie).toMatchObject({ amount: { currency: 'EUR', value: '35.00' }, status: 'pending' });
      expect(world.mollie.seen.find((r) => r.path === `/v2/payments/${payment.id}/refunds`)!.headers.authorization).toBe(`Bearer ${organizerMollieKey}`);

      const page = await open(`/events/${event.eventId}`);
      const errors = watchConsole(page);
      await page.getByTestId('tab-payments').click();
      const [refund] = await refundsOf();
      const row = refundRow(page, refund!.id);
      await row.getByText('On its way').waitFor();
      // The provider's reference is recorded once Mollie's answer is in; the tab shows it at its next refresh.
      await expect.poll(() => row.getByRole('cell').allTextContents(), { timeout: 15_000 }).toEqual([expect.any(String), '€35.00', 'Sold on a resale site', 'On its way', `Mollie ${atMollie!.id}`]);
      await screenshot(page, 'dashboard', 'payments-refund-pending');

      await world.mollie.settleRefunds();
      await deliverMollieWebhooks(world.server.app, world.mollie);
      await runJobs(world.server.ctx);
      // No reload: the tab refreshes itself, like the other live screens.
      await row.getByTestId('refund-status').filter({ hasText: 'Refunded' }).waitFor({ timeout: 15_000 });
      await screenshot(page, 'dashboard', 'payments-refund-refunded');
      expect(errors).toEqual([]);
    });

    it('(c) a payment of another amount waits under orders needing attention, and "Refund what was paid" pays back exactly that', { timeout: 60_000 }, async () => {
      const buyer = await HttpWallet.withAccount(world.server.baseUrl);
      const { orderId, payment } = await world.payAtMollie(buyer, event, 2, { currency: 'EUR', value: '1.00' });
      const [kept] = (await get(`/api/v1/events/${event.eventId}/orders-needing-attention`)).json().orders;
      expect(kept).toMatchObject({ id: orderId, totalCents: 7000, reportedAmountCents: 100, paymentReference: payment.id });

      const page = await open(`/events/${event.eventId}/payments`);
      const errors = watchConsole(page);
      const item = page.getByTestId('attention').locator(`li[data-order="${orderId}"]`);
      await item.getByTestId('reported').filter({ hasText: '€1.00' }).waitFor();
      await expect(item.locator('dd').allTextContents()).resolves.toEqual([kept.holderRef.slice(0, 10), '€70.00', '€1.00', `Mollie ${payment.id}`, expect.any(String)]);
      await expect(item.locator(`code[title="${kept.holderRef}"]`).count()).resolves.toBe(1);
      expect(await page.locator('main').textContent()).not.toContain(buyer.accountId);
      await screenshot(page, 'dashboard', 'payments-attention');
      await expectAccessibleInBothSchemes(page, 'dashboard', 'event-payments-attention');

      await item.getByRole('button', { name: 'Refund what was paid' }).click();
      await item.getByRole('alert').getByText('€1.00 goes back to the buyer through Mollie.').waitFor();
      await screenshot(page, 'dashboard', 'payments-attention-confirm');
      await item.getByRole('button', { name: 'Refund €1.00' }).click();
      await page.getByTestId('attention').waitFor({ state: 'detached' });
      const refund = (await refundsOf()).find((r) => r.orderId === orderId)!;
      expect(refund).toMatchObject({ amountCents: 100, reason: 'amount_mismatch' });
      const row = refundRow(page, refund.id);
      await row.getByText('Paid another amount than the order').waitFor();
      await expect(row.getByRole('cell').nth(1).textContent()).resolves.toBe('€1.00');
      await runJobs(world.server.ctx);
      await expect.poll(() => world.mollie.refunds.get(payment.id)).toEqual([expect.objectContaining({ amount: { currency: 'EUR', value: '1.00' } })]);
      expect((await get(`/api/v1/events/${event.eventId}/orders-needing-attention`)).json().orders).toEqual([]);
      await screenshot(page, 'dashboard', 'payments-attention-refunded');
      expect(errors).toEqual([]);
    });

    it("(d) a manager has no Payments settings, but sees the event's Payments tab with its refunds", { timeout: 60_000 }, async () => {
      const managerToken = await invitedStaff(world.server.app, owner.token, 'manager');
      const page = await open(`/events/${event.eventId}/payments`, managerToken);
      const errors = watchConsole(page);
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Webhooks' }).waitFor();
      await expect(nav.getByRole('link').allTextContents()).resolves.not.toContain('Payments');
      await page.getByTestId('tab-payments').waitFor();
      const rows = await refundsOf();
      expect(rows.length).toBeGreaterThanOrEqual(2);
      for (const { id } of rows) await refundRow(page, id).waitFor();
      await screenshot(page, 'dashboard', 'payments-manager');
      // Hiding the link is not the guard: the server refuses a manager the settings too.
      expect((await get('/api/v1/payment-settings', managerToken)).statusCode).toBe(403);
      expect(errors).toEqual([]);
    });

    it("(e) the Stripe form asks for both secrets and shows the webhook URL; going back to the platform's default deletes the keys", { timeout: 60_000 }, async () => {
      const other = await signUp(world.server.app, 'Melkweg');
      const page = await open('/payments', other.token);
      const errors = watchConsole(page);
      await page.getByRole('radio', { name: /^Stripe/ }).check();
      const secret = page.getByLabel('Stripe secret key');
      const signing = page.getByLabel('Webhook signing secret');
      for (const field of [secret, signing]) await expect(field.evaluate((el) => [el.getAttribute('type'), (el as HTMLInputElement).required])).resolves.toEqual(['password', true]);
      await expect(page.getByTestId('stripe-webhook-url').inputValue()).resolves.toBe(`${world.server.baseUrl}/api/v1/payments/stripe/webhook`);
      await expect(page.getByTestId('stripe-setup').locator('li code').allTextContents()).resolves.toEqual([
        'checkout.session.completed', 'checkout.session.async_payment_succeeded', 'checkout.session.async_payment_failed', 'checkout.session.expired',
      ]);

      await secret.fill(organizerStripeKey);
      await signing.fill('not-a-signing-secret');
      await save(page);
      await expect.poll(() => descriptionOf(signing)).toContain('This is not a webhook signing secret: one starts with whsec_.');
      await expect(secret.getAttribute('aria-invalid')).resolves.toBeNull();
      await screenshot(page, 'dashboard', 'payments-stripe');

      await signing.fill('whsec_organizerorganizer');
      await save(page);
      await expectText(page, 'saved', 'Saved: Stripe with your own key ••••izer.');
      expect((await get('/api/v1/payment-settings', other.token)).json()).toMatchObject({ provider: 'stripe', keyHint: 'izer', keySource: 'organizer' });
      expect(world.stripe.seen.some((r) => r.path === '/v1/balance' && r.headers.authorization === `Bearer ${organizerStripeKey}`)).toBe(true);
      const shown = await everythingShown(page);
      for (const value of [organizerStripeKey, 'whsec_organizerorganizer']) expect(shown).not.toContain(value);

      await page.getByRole('button', { name: "Back to the platform's default" }).click();
      await page.getByRole('alert').getByText('Your own keys are deleted').waitFor();
      await page.getByRole('button', { name: 'Delete my keys' }).click();
      await expectText(page, 'provider-in-use', 'Sandbox');
      await page.getByRole('status').getByText("Back to the platform's default.").waitFor();
      expect((await get('/api/v1/payment-settings', other.token)).json()).toMatchObject({ provider: 'sandbox', keyHint: null, keySource: 'none', instanceDefault: 'sandbox', updatedAt: null });
      await screenshot(page, 'dashboard', 'payments-reset');
      expect(unexpected(errors)).toEqual([]);
    });

    it('(f) on a 360 px phone, in Dutch, both screens pass axe in the dark and the light and fit the screen', { timeout: 60_000 }, async () => {
      await world.payAtMollie(await HttpWallet.withAccount(world.server.baseUrl), event, 1, { currency: 'EUR', value: '2.00' });
      const small = await browser.newContext({ ...phone, locale: 'nl-NL' });
      const page = await open(`/events/${event.eventId}/payments`, owner.token, small);
      const errors = watchConsole(page);
      const fits = () => page.evaluate(() => document.documentElement.scrollWidth);
      await page.getByTestId('attention').getByText('Betaal terug wat betaald is').waitFor();
      await page.getByTestId('refunds').getByText('Terugbetaald').first().waitFor();
      await expectAccessibleInBothSchemes(page, 'dashboard', 'phone-event-payments-attention');
      expect(await fits()).toBeLessThanOrEqual(360);

      await page.getByRole('button', { name: 'Menu' }).click();
      await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Betalingen' }).click();
      await page.getByRole('radio', { name: /^Stripe/ }).check();
      await page.getByTestId('stripe-webhook-url').waitFor();
      await expectAccessibleInBothSchemes(page, 'dashboard', 'phone-payments-stripe');
      expect(await fits()).toBeLessThanOrEqual(360);
      await small.close();
      expect(errors).toEqual([]);
    });

    it("(g) on an instance that takes Mollie, an owner may sell with the platform's keys and is never offered the sandbox", { timeout: 60_000 }, async () => {
      const mollie = await startMollieStandIn();
      const server = await startWebServer(dialect, { payments: molliePayments(mollie) });
      // A context of its own, closed before its server stops: the shared one has other servers' pages open.
      const own = await browser.newContext(desktop);
      try {
        const { token } = await signUp(server.app);
        const page = await signedInPage(own, server.baseUrl, token, '/payments');
        const errors = watchConsole(page);
        await expectText(page, 'provider-in-use', 'Mollie');
        await expectText(page, 'key-source', "The platform's keys");
        await expect(page.getByRole('radio').count()).resolves.toBe(2);
        await expect(page.getByRole('radio', { name: /^Sandbox/ }).count()).resolves.toBe(0);
        const borrow = page.getByLabel("Use the platform's Mollie keys");
        await expect(borrow.isChecked()).resolves.toBe(true);
        await expect(page.getByLabel('Mollie API key').count()).resolves.toBe(0);
        // The platform lends keys only for its own provider: Stripe needs the organizer's.
        await page.getByRole('radio', { name: /^Stripe/ }).check();
        await page.getByLabel('Stripe secret key').waitFor();
        await expect(page.getByLabel(/Use the platform's/).count()).resolves.toBe(0);
        await page.getByRole('radio', { name: /^Mollie/ }).check();
        await borrow.uncheck();
        await page.getByLabel('Mollie API key').waitFor();
        await borrow.check();
        const [put] = await Promise.all([page.waitForRequest((r) => r.method() === 'PUT'), save(page)]);
        expect(put.postDataJSON()).toEqual({ provider: 'mollie' });
        await expectText(page, 'saved', "Saved: Mollie with the platform's keys.");
        expect((await server.app.inject({ method: 'GET', url: '/api/v1/payment-settings', headers: bearer(token) })).json()).toMatchObject({ provider: 'mollie', keySource: 'instance', instanceDefault: 'mollie' });
        await screenshot(page, 'dashboard', 'payments-platform-keys');
        expect(errors).toEqual([]);
      } finally {
        await own.close();
        await server.stop();
        await mollie.close();
      }
    });
  });
});
