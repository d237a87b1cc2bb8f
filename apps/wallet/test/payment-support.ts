import type { Page } from 'playwright-core';
import { startWebServer } from '../../../packages/server/test/support/browser.ts';
import type { TestDialect } from '../../../packages/server/test/support/dialects.ts';
import { bearer } from '../../../packages/server/test/support/harness.ts';
import { startMollieStandIn } from '../../../packages/server/test/support/mollie-stand-in.ts';
import { startStripeStandIn } from '../../../packages/server/test/support/stripe-stand-in.ts';
import { mollieKey, molliePayments, stripeKey, stripePayments } from '../../../packages/server/test/support/payments.ts';

/**
 * A clock that runs with real time and can be moved ahead. Real time, because the server asks the
 * provider for a buyer at most every 2 s of its clock (a frozen clock would never ask again); ahead,
 * so that a hold runs out without waiting for it.
 */
export function movableClock() {
  let aheadMs = 0;
  return Object.assign(() => new Date(Date.now() + aheadMs), {
    advance(seconds: number) {
      aheadMs += seconds * 1000;
    },
  });
}

/**
 * The servers of the payment tests, on one dialect:
 * - `server` sells through Mollie by default (its stand-in calls our webhook as Mollie does) and has
 *   Stripe keys too, for an organizer who chooses Stripe;
 * - `quiet` sells through a Mollie stand-in that never calls the webhook, so only the buyer's page,
 *   asking the server, can learn that a payment went through.
 */
export async function paymentServers(dialect: TestDialect) {
  const mollie = await startMollieStandIn({ apiKeys: [mollieKey], deliverWebhooks: true });
  // The Stripe stand-in is started before the server (whose config needs its address) but must post its
  // webhook to the server, whose address exists only once it listens. It reads `webhookUrl` when it posts.
  const stripeOptions = { secretKeys: [stripeKey], webhookUrl: '' };
  const stripe = await startStripeStandIn(stripeOptions);
  const clock = movableClock();
  const payments = { ...molliePayments(mollie), stripe: stripePayments(stripe).stripe, stripeApiUrl: stripe.url };
  const server = await startWebServer(dialect, { payments }, clock);
  stripeOptions.webhookUrl = `${server.baseUrl}/api/v1/payments/stripe/webhook`;
  const quietMollie = await startMollieStandIn({ apiKeys: [mollieKey], deliverWebhooks: false });
  const quiet = await startWebServer(dialect, { payments: molliePayments(quietMollie) });
  return {
    server,
    clock,
    mollie,
    stripe,
    quiet,
    quietMollie,
    async stop() {
      await Promise.all([server.stop(), quiet.stop()]);
      await Promise.all([mollie.close(), stripe.close(), quietMollie.close()]);
    },
  };
}

export type PaymentServers = Awaited<ReturnType<typeof paymentServers>>;

/** The organizer sells through Stripe with the instance's keys instead of the instance's default, Mollie. */
export async function sellThroughStripe(server: PaymentServers['server'], organizerToken: string) {
  const answer = await server.app.inject({ method: 'PUT', url: '/api/v1/payment-settings', headers: bearer(organizerToken), payload: { provider: 'stripe' } });
  if (answer.statusCode !== 200) throw new Error(`payment settings failed: ${answer.statusCode} ${answer.body}`);
}

/**
 * Chooses `count` Standing tickets on the event page, and one of each add-on named in `extras`, and buys
 * them: the wallet sends the browser on to the provider's hosted checkout. Returns the provider's
 * payment (Mollie) or session (Stripe) id.
 */
export async function buyAtProvider(page: Page, baseUrl: string, eventId: string, count: number, extras: string[] = []) {
  await page.goto(`${baseUrl}/wallet/e/${eventId}`);
  for (let i = 0; i < count; i++) await page.getByRole('button', { name: 'One more Standing ticket' }).click();
  for (const extra of extras) await page.getByRole('button', { name: `One more ${extra}`, exact: true }).click();
  await page.getByRole('button', { name: /^Buy for / }).click();
  await page.waitForURL(/\/(checkout|pay)\/\w+$/);
  return new URL(page.url()).pathname.split('/').pop()!;
}

/** Settles the payment on the provider's hosted page, which sends the browser back to the wallet's order page. */
export async function settleAtProvider(page: Page, outcome: 'paid' | 'failed' | 'canceled') {
  await page.getByRole('button', { name: outcome, exact: true }).click();
  await page.waitForURL(/\/wallet\/o\/[\w-]+(\?[\w=&]*)?$/);
  return new URL(page.url()).pathname.split('/').pop()!;
}

/**
 * Console errors and uncaught exceptions of the wallet's own pages, whose budget is zero. The
 * providers' hosted pages are not ours: Chromium asks the stand-ins for a favicon, which they refuse.
 */
export function walletErrors(page: Page, baseUrl: string) {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && new URL(message.location().url || page.url()).origin === baseUrl) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
