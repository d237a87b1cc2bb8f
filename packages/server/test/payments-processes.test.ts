import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from '../../../bench/support/process.ts';
import { api, bearer } from '../../../bench/support/http.ts';
import { startMollieStandIn, type MollieStandIn } from './support/mollie-stand-in.ts';
import { mollieKey, stripeKey } from './support/payments.ts';
import { eventOnSale, freshSchema, inParallel, insertAccounts, postgresUrl, ProcessWallet, serverProcess } from './support/processes.ts';
import { startStripeStandIn, type StripeStandIn } from './support/stripe-stand-in.ts';

const url = postgresUrl();

/** Polls `check` until it is true, for what background jobs in other processes do in their own time. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`not within ${timeoutMs / 1000} s: ${what}`);
}

type Db = Awaited<ReturnType<typeof freshSchema>>;
const statuses = async (db: Db, ids: string[]) =>
  (await db.query<{ id: string; status: string }>('SELECT id, status FROM orders WHERE id = ANY($1)', [ids])).map((r) => r.status);

async function buyers(server: Server, db: Db, count: number) {
  const wallets = Array.from({ length: count }, () => new ProcessWallet());
  await wallets[0]!.register(server);
  await insertAccounts(db.query, wallets.slice(1));
  return wallets;
}

const revoke = async (server: Server, token: string, eventId: string, ticketId: string) =>
  api(server.port, 'POST', `/api/v1/events/${eventId}/tickets/${ticketId}/revoke`, 200, bearer(token), { reason: 'refund requested' });

/**
 * The real thing, configured as an operator would (PAYMENT_PROVIDER, MOLLIE_* / STRIPE_*,
 * PAYMENT_RECONCILE_SECONDS): server processes on one PostgreSQL with their background jobs,
 * talking to local stand-ins of Mollie and Stripe.
 */
describe.skipIf(!url)('real payments across server processes on PostgreSQL', () => {
  let mollie: MollieStandIn;
  let stripe: StripeStandIn;
  const schemas: Db[] = [];
  const servers: Server[] = [];
  beforeAll(async () => {
    [mollie, stripe] = await Promise.all([startMollieStandIn({ apiKeys: [mollieKey] }), startStripeStandIn({ secretKeys: [stripeKey] })]);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    for (const db of schemas) await db.drop();
    await mollie?.close();
    await stripe?.close();
  });

  async function processes(count: number, env: Record<string, string>) {
    const db = await freshSchema(url!);
    schemas.push(db);
    const secret = randomBytes(32).toString('hex');
    const started = await Promise.all(Array.from({ length: count }, () => serverProcess(db.url, secret, { PAYMENT_RECONCILE_SECONDS: '5', ...env })));
    servers.push(...started);
    return { db, started };
  }

  it('Mollie: webhooks, buyers returning and reconciliation race on two processes; each order is issued once', async () => {
    const { db, started } = await processes(2, { PAYMENT_PROVIDER: 'mollie', MOLLIE_API_KEY: mollieKey, MOLLIE_API_URL: mollie.apiUrl });
    const either = (i: number) => started[i % 2]!;
    const sale = await eventOnSale(started[0]!, 100);
    const wallets = await buyers(started[0]!, db, 10);
    const orders = await inParallel(wallets, 10, async (wallet, i) => {
      const answer = await wallet.send(either(i), 'POST', '/api/v1/orders', { eventId: sale.eventId, items: [{ ticketTypeId: sale.ticketTypeId, quantity: 2 }] });
      expect(answer.status).toBe(201);
      const body = JSON.parse(answer.body.toString());
      expect(body.payment).toMatchObject({ provider: 'mollie', status: 'open', checkoutUrl: expect.stringContaining(mollie.url) });
      return { wallet, id: body.order.id as string, payment: mollie.paymentOf(body.order.id)!.id };
    });
    for (const order of orders) await mollie.setStatus(order.payment, 'paid');
    mollie.notifications.length = 0;
    // Eight orders hear of it from every side at once; the last two from nobody but the reconciliation job.
    const webhook = (server: Server, id: string) =>
      fetch(`${server.url}/api/v1/payments/mollie/webhook`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `id=${id}` });
    const answers = await Promise.all(
      orders.slice(0, 8).flatMap((order) => [
        ...[0, 1, 2, 3, 4, 5].map((i) => webhook(either(i), order.payment).then((r) => r.status)),
        ...[0, 1].map((i) => order.wallet.send(either(i), 'GET', `/api/v1/orders/${order.id}`).then((r) => r.status)),
      ]),
    );
    expect(answers.every((status) => status === 200)).toBe(true);
    expect(await statuses(db, orders.slice(0, 8).map((o) => o.id))).toEqual(Array(8).fill('paid'));
    await eventually(async () => (await statuses(db, orders.map((o) => o.id))).every((s) => s === 'paid'), 'the two orders without a webhook are paid by reconciliation');

    const perOrder = await db.query<{ order_id: string; n: string }>('SELECT order_id, count(*) AS n FROM tickets WHERE event_id = $1 GROUP BY order_id', [sale.eventId]);
    expect(perOrder.map((r) => Number(r.n))).toEqual(Array(10).fill(2));
    const [type] = await db.query<{ taken: number }>('SELECT taken FROM ticket_types WHERE id = $1', [sale.ticketTypeId]);
    expect(type!.taken).toBe(20);

    const [ticket] = await db.query<{ id: string }>('SELECT id FROM tickets WHERE order_id = $1 LIMIT 1', [orders[0]!.id]);
    await revoke(started[1]!, sale.token, sale.eventId, ticket!.id);
    await eventually(async () => (mollie.refunds.get(orders[0]!.payment) ?? []).length === 1, 'the refund reaches Mollie');
    expect(mollie.refunds.get(orders[0]!.payment)![0]!.amount).toEqual({ currency: 'EUR', value: '45.00' });
  }, 120_000);

  it('Stripe: a signed event, or else the reconciliation, makes the order paid; a revocation refunds at Stripe', async () => {
    const { db, started } = await processes(1, { PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: stripeKey, STRIPE_WEBHOOK_SECRET: stripe.webhookSecret, STRIPE_API_URL: stripe.url });
    const [server] = started as [Server];
    const sale = await eventOnSale(server, 10);
    const wallets = await buyers(server, db, 2);
    const orders = await Promise.all(wallets.map(async (wallet) => {
      const answer = await wallet.send(server, 'POST', '/api/v1/orders', { eventId: sale.eventId, items: [{ ticketTypeId: sale.ticketTypeId, quantity: 1 }] });
      return JSON.parse(answer.body.toString()).order.id as string;
    }));
    const [signed] = orders.map((id) => stripe.complete(stripe.sessionOf(id)!.id));
    const delivered = await fetch(`${server.url}/api/v1/payments/stripe/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signed!.signature }, body: signed!.body });
    expect(delivered.status).toBe(200);
    expect(await statuses(db, [orders[0]!])).toEqual(['paid']);
    await eventually(async () => (await statuses(db, [orders[1]!]))[0] === 'paid', 'the order whose event never came is paid by reconciliation');

    const [ticket] = await db.query<{ id: string }>('SELECT id FROM tickets WHERE order_id = $1', [orders[1]!]);
    await revoke(server, sale.token, sale.eventId, ticket!.id);
    const intent = stripe.sessionOf(orders[1]!)!.payment_intent;
    await eventually(async () => [...stripe.refunds.values()].some((r) => r.payment_intent === intent && r.amount === 4500), 'the refund reaches Stripe');
    await eventually(async () => (await db.query<{ status: string }>('SELECT status FROM refunds WHERE ticket_id = $1', [ticket!.id]))[0]?.status === 'refunded', 'the refund is recorded as refunded');
  }, 120_000);
});
