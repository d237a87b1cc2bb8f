import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessibleInBothSchemes, tabToAndPress } from '../../../packages/server/test/support/accessibility.ts';
import { browserAvailable, launchBrowser, phone, screenshot } from '../../../packages/server/test/support/browser.ts';
import { dialects } from '../../../packages/server/test/support/dialects.ts';
import { testConfig } from '../../../packages/server/test/support/harness.ts';
import { expireHolds } from '../../../packages/server/src/domain/orders/expire-holds.ts';
import { HttpWallet } from '../../dashboard/test/support/http-wallet.ts';
import { eventWithGate, readQr } from './support.ts';
import { buyAtProvider, paymentServers, sellThroughStripe, settleAtProvider, walletErrors, type PaymentServers } from './payment-support.ts';

const check = (page: Page, name: string) => expectAccessibleInBothSchemes(page, 'wallet', name);
const heading = (page: Page, name: string) => page.getByTestId('order-status').getByRole('heading', { level: 1, name }).waitFor();

describe.skipIf(!browserAvailable)('wallet: paying at Mollie and Stripe, back on the order page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  describe.each(dialects)('on $name', (dialect) => {
    let world: PaymentServers;
    beforeAll(async () => {
      world = await paymentServers(dialect);
    });
    afterAll(() => world?.stop());

    const orderStatus = async (server: PaymentServers['server'], orderId: string) => (await server.ctx.store.repos.orders.find(orderId))?.status;
    const available = async (baseUrl: string, eventId: string) => (await (await fetch(`${baseUrl}/api/v1/events/${eventId}`)).json()).ticketTypes[0].available as number;

    /** A phone in front of a fresh event on `server`, whose organizer sells through Stripe with `stripe`. */
    async function phoneAt(server = world.server, options: { stripe?: boolean } = {}) {
      const event = await eventWithGate(server.app);
      if (options.stripe) await sellThroughStripe(server, event.organizer.token);
      const context = await browser.newContext(phone);
      const page = await context.newPage();
      return { ...world, event, context, page, errors: walletErrors(page, server.baseUrl) };
    }

    it('Mollie: pays 2 on the hosted page, lands on the order page with both tickets, and a ticket shows its QR', async () => {
      const { server, mollie, event, context, page, errors } = await phoneAt();

      const paymentId = await buyAtProvider(page, server.baseUrl, event.eventId, 2);
      expect(mollie.payments.get(paymentId)).toMatchObject({ amount: { currency: 'EUR', value: '70.00' }, status: 'open' });
      const orderId = await settleAtProvider(page, 'paid');
      expect(mollie.payments.get(paymentId)?.metadata?.orderId).toBe(orderId);
      await heading(page, 'Your tickets are on this phone');
      await expect.poll(() => page.getByTestId('order-ticket').allInnerTexts()).toEqual(['Ticket 1 · Standing\nValid', 'Ticket 2 · Standing\nValid']);
      expect(await orderStatus(server, orderId)).toBe('paid');
      await screenshot(page, 'wallet', 'order-paid');
      await check(page, 'order-paid');

      await page.getByTestId('order-ticket').first().click();
      await page.waitForURL(/\/wallet\/t\//);
      expect((await readQr(page)).text).toMatch(/^TG1:/);
      await page.getByRole('link', { name: 'Tickets' }).click();
      await expect.poll(() => page.getByTestId('ticket-row').count()).toBe(2);

      // Another phone with the link sees nothing of this order.
      const strangerContext = await browser.newContext(phone);
      const stranger = await strangerContext.newPage();
      await stranger.goto(`${server.baseUrl}/wallet/o/${orderId}`);
      await heading(stranger, 'Order not found');
      await stranger.getByRole('link', { name: 'My tickets' }).waitFor();
      await screenshot(stranger, 'wallet', 'order-not-found');
      await check(stranger, 'order-not-found');

      expect(errors).toEqual([]);
      await Promise.all([context.close(), strangerContext.close()]);
    }, 90_000);

    it('Mollie without its webhook: the order page finds the payment by asking, and turns to the tickets', async () => {
      const { quiet, quietMollie, event, context, page, errors } = await phoneAt(world.quiet);
      const asked: string[] = [];
      page.on('request', (request) => request.url().includes('/api/v1/orders/') && asked.push(request.url()));

      const paymentId = await buyAtProvider(page, quiet.baseUrl, event.eventId, 1);
      const orderId = await settleAtProvider(page, 'paid');
      expect(quietMollie.payments.get(paymentId)?.status).toBe('paid');
      // Mollie would have called; this stand-in never does.
      expect(quietMollie.notifications.map((call) => call.id)).toContain(paymentId);
      await heading(page, 'Your tickets are on this phone');
      await expect.poll(() => page.getByTestId('order-ticket').count()).toBe(1);
      expect(asked.length).toBeGreaterThanOrEqual(1);
      expect(await orderStatus(quiet, orderId)).toBe('paid');
      expect(errors).toEqual([]);
      await context.close();
    }, 60_000);

    it('Mollie failed, then cancelled: nothing charged, and "Try again" (by keyboard) opens the event with the seats back', async () => {
      const { server, event, context, page, errors } = await phoneAt();

      await buyAtProvider(page, server.baseUrl, event.eventId, 2);
      expect(await available(server.baseUrl, event.eventId)).toBe(18);
      const orderId = await settleAtProvider(page, 'failed');
      await heading(page, 'Payment failed');
      await page.getByText('Nothing was charged').waitFor();
      expect(await orderStatus(server, orderId)).toBe('failed');
      await screenshot(page, 'wallet', 'order-failed');
      await check(page, 'order-failed');
      await tabToAndPress(page, 'Try again', 'Enter');
      await page.waitForURL(`${server.baseUrl}/wallet/e/${event.eventId}`);
      await page.getByText('20 available').waitFor();

      await buyAtProvider(page, server.baseUrl, event.eventId, 1);
      await settleAtProvider(page, 'canceled');
      await heading(page, 'Payment cancelled');
      await page.getByText('Nothing was charged').waitFor();
      await screenshot(page, 'wallet', 'order-cancelled');
      await page.getByRole('link', { name: 'Try again' }).click();
      await page.getByText('20 available').waitFor();
      expect(errors).toEqual([]);
      await context.close();
    }, 90_000);

    it('Stripe: pays through the hosted checkout and sees the tickets', async () => {
      const { server, stripe, event, context, page, errors } = await phoneAt(world.server, { stripe: true });

      const sessionId = await buyAtProvider(page, server.baseUrl, event.eventId, 1);
      expect(sessionId).toMatch(/^cs_test_/);
      const orderId = await settleAtProvider(page, 'paid');
      expect(stripe.sessions.get(sessionId)).toMatchObject({ status: 'complete', payment_status: 'paid', metadata: { orderId } });
      await heading(page, 'Your tickets are on this phone');
      await expect.poll(() => page.getByTestId('order-ticket').count()).toBe(1);
      expect(await orderStatus(server, orderId)).toBe('paid');
      await screenshot(page, 'wallet', 'order-stripe-paid');
      expect(errors).toEqual([]);
      await context.close();
    }, 60_000);

    it('Stripe "back": the order page says the visitor left the payment, and leads back to it', async () => {
      const { server, stripe, event, context, page, errors } = await phoneAt(world.server, { stripe: true });
      const sessionId = await buyAtProvider(page, server.baseUrl, event.eventId, 1);
      await settleAtProvider(page, 'canceled');
      expect(new URL(page.url()).search).toBe('?left=1');
      await heading(page, 'You left the payment page');
      await expect(page.getByRole('link', { name: 'Back to the payment page' }).getAttribute('href')).resolves.toBe(stripe.sessions.get(sessionId)!.url);
      await screenshot(page, 'wallet', 'order-stripe-left');
      expect(errors).toEqual([]);
      await context.close();
    }, 60_000);

    it('waits for the bank while the payment is open (also offline), and turns to the tickets the moment it is paid, without a reload', async () => {
      const { server, mollie, event, context, page, errors } = await phoneAt();

      const paymentId = await buyAtProvider(page, server.baseUrl, event.eventId, 2);
      const checkoutUrl = page.url();
      const orderId = mollie.payments.get(paymentId)!.metadata!.orderId as string;
      await page.goto(`${server.baseUrl}/wallet/o/${orderId}`);
      await heading(page, 'Waiting for your bank…');
      await page.getByTestId('busy').waitFor();
      await page.getByText('€70.00').waitFor();
      expect(await page.getByRole('link', { name: 'Back to the payment page' }).getAttribute('href')).toBe(checkoutUrl);
      expect(await page.getByTestId('order-status').getAttribute('aria-live')).toBe('polite');
      await screenshot(page, 'wallet', 'order-waiting');
      await check(page, 'order-waiting');

      await context.setOffline(true);
      await page.getByText('You are offline. This page checks again as soon as you are back online.').waitFor();
      await screenshot(page, 'wallet', 'order-waiting-offline');
      await context.setOffline(false);
      await page.getByText('You are offline.').waitFor({ state: 'detached' });
      await heading(page, 'Waiting for your bank…');

      await page.getByTestId('language').selectOption('nl');
      await heading(page, 'Wachten op je bank…');
      await screenshot(page, 'wallet', 'order-waiting-nl');
      await page.getByTestId('language').selectOption('en');

      // A mark on this document: it is gone if the page reloads.
      await page.evaluate(() => Object.assign(window, { samePage: true }));
      await mollie.setStatus(paymentId, 'paid');
      await heading(page, 'Your tickets are on this phone');
      await expect.poll(() => page.getByTestId('order-ticket').count()).toBe(2);
      expect(await page.getByTestId('busy').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);
      expect(errors.filter((error) => !error.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([]);
      await context.close();
    }, 90_000);

    it('a payment of the wrong amount issues no tickets and says the organizer will refund it', async () => {
      const { server, mollie, event, context, page, errors } = await phoneAt();

      const paymentId = await buyAtProvider(page, server.baseUrl, event.eventId, 1);
      const orderId = mollie.payments.get(paymentId)!.metadata!.orderId as string;
      await page.goto(`${server.baseUrl}/wallet/o/${orderId}`);
      await heading(page, 'Waiting for your bank…');
      await mollie.setStatus(paymentId, 'paid', { amount: { currency: 'EUR', value: '1.00' } });
      await heading(page, 'Your payment needs a check');
      await page.getByText('no tickets were issued').waitFor();
      expect(await page.getByTestId('order-ticket').count()).toBe(0);
      expect(await orderStatus(server, orderId)).toBe('needs_attention');
      await screenshot(page, 'wallet', 'order-needs-attention');
      expect(errors).toEqual([]);
      await context.close();
    }, 60_000);

    it('the payment service down at checkout: a plain sentence, nothing held, and the next try works', async () => {
      const { server, mollie, event, context, page, errors } = await phoneAt();

      await page.goto(`${server.baseUrl}/wallet/e/${event.eventId}`);
      await page.getByRole('button', { name: 'One more Standing ticket' }).click();
      mollie.trouble.downForever = true;
      try {
        await page.getByRole('button', { name: 'Buy for €35.00' }).click();
        await page.getByRole('alert').getByText('The payment service cannot be reached right now. Nothing was charged; try again in a moment.').waitFor();
      } finally {
        mollie.trouble.downForever = false;
      }
      expect(await available(server.baseUrl, event.eventId)).toBe(20);
      await screenshot(page, 'wallet', 'order-provider-down');
      await page.getByRole('button', { name: 'Buy for €35.00' }).click();
      await page.waitForURL(/\/checkout\/tr_\w+$/);
      // The browser's own note on the refused order; nothing else.
      expect(errors).toEqual(['Failed to load resource: the server responded with a status of 503 (Service Unavailable)']);
      await context.close();
    }, 60_000);

    // Last: it moves the server's clock past every hold made so far.
    it('paid after the hold ran out and the seat went to another buyer: refunded in full, seen on the page as it happens', async () => {
      const { server, mollie, clock } = world;
      const event = await eventWithGate(server.app, { capacity: 1 });
      const context = await browser.newContext(phone);
      // The phone's clock moves with the server's, so its DPoP proofs stay within the server's minute.
      await context.clock.install();
      const page = await context.newPage();
      const errors = walletErrors(page, server.baseUrl);

      const paymentId = await buyAtProvider(page, server.baseUrl, event.eventId, 1);
      const orderId = mollie.payments.get(paymentId)!.metadata!.orderId as string;
      clock.advance(testConfig().orderHoldSeconds + 1);
      await context.clock.setSystemTime(clock());
      await expireHolds(server.ctx, { eventId: event.eventId });
      const other = await HttpWallet.withAccount(server.baseUrl, clock);
      await other.call('POST', '/api/v1/orders', { eventId: event.eventId, items: [{ ticketTypeId: event.ticketTypeId, quantity: 1 }] });

      await page.goto(`${server.baseUrl}/wallet/o/${orderId}`);
      await heading(page, 'Your reservation ran out');
      await screenshot(page, 'wallet', 'order-expired');
      // iDEAL cannot be cancelled: the bank's payment comes in late, and the page is still asking.
      await mollie.setStatus(paymentId, 'paid');
      await heading(page, 'Your payment is being refunded');
      await page.getByText('You get the full €35.00 back; no tickets were issued.').waitFor();
      expect(await orderStatus(server, orderId)).toBe('refunded');
      await screenshot(page, 'wallet', 'order-refunded');
      expect(errors).toEqual([]);
      await context.close();
    }, 60_000);
  });
});
