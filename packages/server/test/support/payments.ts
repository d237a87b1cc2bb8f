import type { FastifyInstance } from 'fastify';
import { sandboxPayments, type PaymentConfig } from '../../src/config.ts';
import { runDueJobs } from '../../src/jobs/run-jobs.ts';
import type { Context } from '../../src/domain/context.ts';
import type { TestDialect } from './dialects.ts';
import { bearer, publishedEvent, signUp, startTestServer } from './harness.ts';
import { startMollieStandIn, type MollieStandIn } from './mollie-stand-in.ts';
import { startStripeStandIn, type StripeStandIn } from './stripe-stand-in.ts';
import { TestWallet } from './wallet.ts';

/** Provider calls in tests: a hung stand-in is given up on after this long. */
export const testTimeoutMs = 800;

export const mollieKey = 'test_standinstandinstandinstandin';
export const stripeKey = 'sk_test_standinstandinstandin';

/** The instance's payments as an operator would set them for Mollie or Stripe, pointed at a stand-in. */
export const molliePayments = (mollie: MollieStandIn): PaymentConfig => ({
  ...sandboxPayments,
  provider: 'mollie',
  mollie: { apiKey: mollieKey },
  mollieApiUrl: mollie.apiUrl,
  timeoutMs: testTimeoutMs,
});

export const stripePayments = (stripe: StripeStandIn): PaymentConfig => ({
  ...sandboxPayments,
  provider: 'stripe',
  stripe: { secretKey: stripeKey, webhookSecret: stripe.webhookSecret },
  stripeApiUrl: stripe.url,
  timeoutMs: testTimeoutMs,
});

/** A test server whose instance default is the given provider, on a stand-in of it, with an organizer and an event on sale. */
export async function serverWithProvider(dialect: TestDialect, provider: 'mollie' | 'stripe', options: { cancelable?: boolean } = {}) {
  const mollie = await startMollieStandIn({ apiKeys: [mollieKey, 'test_organizerorganizerorganizer'], cancelable: options.cancelable ?? false });
  const stripe = await startStripeStandIn({ secretKeys: [stripeKey, 'sk_test_organizerorganizer'] });
  const server = await startTestServer(dialect, { payments: provider === 'mollie' ? molliePayments(mollie) : stripePayments(stripe) });
  const organizer = await signUp(server.app);
  return {
    server,
    mollie,
    stripe,
    organizer,
    async stop() {
      await server.stop();
      await mollie.close();
      await stripe.close();
    },
  };
}

/** Runs every due job (refunds, cancelled checkouts, reconciliation) as the job queue would, until none is left. */
export async function runJobs(ctx: Context) {
  while ((await runDueJobs(ctx)) > 0);
}

/** Calls our Mollie webhook for every call Mollie would have made since the last time, as Mollie does. */
export async function deliverMollieWebhooks(app: FastifyInstance, mollie: MollieStandIn) {
  const calls = mollie.notifications.splice(0);
  return Promise.all(
    calls.map((call) =>
      app.inject({ method: 'POST', url: new URL(call.webhookUrl).pathname, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `id=${call.id}` }),
    ),
  );
}

export const postStripeEvent = (app: FastifyInstance, signed: { body: string; signature?: string }) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/payments/stripe/webhook',
    headers: { 'content-type': 'application/json; charset=utf-8', ...(signed.signature ? { 'stripe-signature': signed.signature } : {}) },
    payload: signed.body,
  });

/** A buyer with a pending order of `quantity` tickets of a fresh event. */
export async function pendingOrder(app: FastifyInstance, token: string, clock: () => Date, options: { capacity?: number; quantity?: number; priceCents?: number } = {}) {
  const event = await publishedEvent(app, token, { capacity: options.capacity ?? 10, priceCents: options.priceCents ?? 3500 });
  const wallet = await TestWallet.withAccount(app, clock);
  const placed = await wallet.request('POST', '/api/v1/orders', { eventId: event.eventId, items: [{ ticketTypeId: event.ticketTypeId, quantity: options.quantity ?? 2 }] });
  if (placed.statusCode !== 201) throw new Error(`order failed: ${placed.statusCode} ${placed.body}`);
  const body = placed.json();
  return { ...event, wallet, order: body.order as { id: string; totalCents: number; expiresAt: string }, payment: body.payment as { provider: string; checkoutUrl: string; status: string } };
}

export const available = async (app: FastifyInstance, eventId: string) =>
  (await app.inject({ method: 'GET', url: `/api/v1/events/${eventId}` })).json().ticketTypes[0].available as number;

export const refundsOf = async (app: FastifyInstance, token: string, eventId: string) =>
  (await app.inject({ method: 'GET', url: `/api/v1/events/${eventId}/refunds`, headers: bearer(token) })).json().refunds as {
    id: string; orderId: string; ticketId?: string; amountCents: number; currency: string; status: string; reason: string; providerReference?: string; error?: string; attempts: number;
  }[];

/** The tickets the wallet holds for one event. */
export const ticketsOf = async (wallet: TestWallet, eventId: string) =>
  (await wallet.request('GET', '/api/v1/me/tickets')).json().tickets.filter((t: { eventId: string }) => t.eventId === eventId);
