import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireHolds } from '../src/domain/orders/expire-holds.ts';
import { scheduleReconciliation } from '../src/domain/payments/sync-payment.ts';
import { dialects } from './support/dialects.ts';
import { bearer, publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { available, deliverMollieWebhooks, mollieKey, molliePayments, pendingOrder, refundsOf, runJobs, serverWithProvider, ticketsOf } from './support/payments.ts';
import { startMollieStandIn, type MollieStandIn } from './support/mollie-stand-in.ts';
import { publicUrl, TestWallet } from './support/wallet.ts';

describe.each(dialects)('Mollie payments on $name', (dialect) => {
  let world: Awaited<ReturnType<typeof serverWithProvider>>;
  const app = () => world.server.app;
  const token = () => world.organizer.token;
  const order = (wallet: TestWallet, id: string) => wallet.request('GET', `/api/v1/orders/${id}`);

  beforeAll(async () => {
    world = await serverWithProvider(dialect, 'mollie');
  });
  afterAll(() => world.stop());

  it('an order is a Mollie payment of exactly its amount, with the order id, our webhook and the wallet as return address', async () => {
    const placed = await pendingOrder(app(), token(), world.server.clock, { quantity: 2, priceCents: 1250 });
    const payment = world.mollie.paymentOf(placed.order.id)!;
    expect(payment).toMatchObject({
      amount: { currency: 'EUR', value: '25.00' },
      metadata: { orderId: placed.order.id },
      webhookUrl: `${publicUrl}/api/v1/payments/mollie/webhook`,
      redirectUrl: `${publicUrl}/wallet/o/${placed.order.id}`,
      status: 'open',
    });
    expect(placed.payment).toEqual({ provider: 'mollie', checkoutUrl: payment._links.checkout!.href, status: 'open' });
    const create = world.mollie.seen.find((r) => r.method === 'POST' && r.path === '/v2/payments' && r.body.includes(placed.order.id))!;
    expect(create.headers['idempotency-key']).toBe(`checkout-${placed.order.id}`);
    // Read back, the order keeps the same checkout: no second payment.
    expect((await order(placed.wallet, placed.order.id)).json().payment.checkoutUrl).toBe(payment._links.checkout!.href);
    expect([...world.mollie.payments.values()].filter((p) => p.metadata?.orderId === placed.order.id)).toHaveLength(1);
  });

  it('becomes paid by webhook, issuing its tickets once however often Mollie calls', async () => {
    const placed = await pendingOrder(app(), token(), world.server.clock, { quantity: 3 });
    const payment = world.mollie.paymentOf(placed.order.id)!;
    await world.mollie.setStatus(payment.id, 'paid');
    const call = world.mollie.notifications.at(-1)!;
    world.mollie.notifications.push(call, call, call);
    const answers = await deliverMollieWebhooks(app(), world.mollie);
    expect(answers.map((a) => [a.statusCode, a.body])).toEqual([[200, '{}'], [200, '{}'], [200, '{}'], [200, '{}']]);
    const read = (await order(placed.wallet, placed.order.id)).json();
    expect(read.order.status).toBe('paid');
    expect(read.payment.status).toBe('paid');
    expect(await ticketsOf(placed.wallet, placed.eventId)).toHaveLength(3);
    expect(await available(app(), placed.eventId)).toBe(7);
  });

  it('becomes paid by reconciliation when the webhook never comes', async () => {
    const placed = await pendingOrder(app(), token(), world.server.clock, { quantity: 1 });
    await world.mollie.setStatus(world.mollie.paymentOf(placed.order.id)!.id, 'paid');
    world.mollie.notifications.length = 0; // lost
    await runJobs(world.server.ctx);
    expect((await world.server.ctx.store.repos.orders.find(placed.order.id))?.status).toBe('pending');
    world.server.clock.advance(60);
    expect(await scheduleReconciliation(world.server.ctx)).toBe(true);
    expect(await scheduleReconciliation(world.server.ctx)).toBe(false); // one job per slot, however many processes ask
    await runJobs(world.server.ctx);
    expect((await world.server.ctx.store.repos.orders.find(placed.order.id))?.status).toBe('paid');
    expect(await ticketsOf(placed.wallet, placed.eventId)).toHaveLength(1);
  });

  it("the buyer's return asks Mollie at once", async () => {
    const placed = await pendingOrder(app(), token(), world.server.clock, { quantity: 1 });
    await world.mollie.setStatus(world.mollie.paymentOf(placed.order.id)!.id, 'paid');
    world.mollie.notifications.length = 0;
    world.server.clock.advance(3);
    const read = (await order(placed.wallet, placed.order.id)).json();
    expect(read.order.status).toBe('paid');
    expect(read.order.tickets).toHaveLength(1);
  });

  it.each(['failed', 'canceled', 'expired'] as const)('a %s payment releases the hold', async (status) => {
    const placed = await pendingOrder(app(), token(), world.server.clock, { capacity: 4, quantity: 4 });
    expect(await available(app(), placed.eventId)).toBe(0);
    await world.mollie.setStatus(world.mollie.paymentOf(placed.order.id)!.id, status);
    await deliverMollieWebhooks(app(), world.mollie);
    const read = (await order(placed.wallet, placed.order.id)).json();
    expect(read.order.status).toBe(status === 'expired' ? 'expired' : 'failed');
    expect(read.payment).toMatchObject({ status, checkoutUrl: null });
    expect(await available(app(), placed.eventId)).toBe(4);
  });

  it('a payment of another amount is kept aside for the organizer, never issued, and can be refunded as paid', async () => {
    const placed = await pendingOrder(app(), token(), world.server.clock, { capacity: 5, quantity: 2, priceCents: 1250 });
    const payment = world.mollie.paymentOf(placed.order.id)!;
    await world.mollie.setStatus(payment.id, 'paid', { amount: { currency: 'EUR', value: '20.00' } });
    await deliverMollieWebhooks(app(), world.mollie);
    const read = (await order(placed.wallet, placed.order.id)).json();
    expect(read.order).toMatchObject({ status: 'needs_attention', statusReason: 'amount_mismatch', tickets: [] });
    expect(await ticketsOf(placed.wallet, placed.eventId)).toEqual([]);
    expect(await available(app(), placed.eventId)).toBe(5);
    const listed = await app().inject({ method: 'GET', url: `/api/v1/events/${placed.eventId}/orders-needing-attention`, headers: bearer(token()) });
    expect(listed.json().orders).toEqual([
      expect.objectContaining({ id: placed.order.id, totalCents: 2500, currency: 'EUR', reportedAmountCents: 2000, reportedCurrency: 'EUR', paymentReference: payment.id }),
    ]);
    expect(listed.body).not.toContain(placed.wallet.accountId);

    const refund = await app().inject({ method: 'POST', url: `/api/v1/events/${placed.eventId}/orders/${placed.order.id}/refund`, headers: bearer(token()) });
    expect(refund.statusCode).toBe(200);
    expect(refund.json().refund).toMatchObject({ amountCents: 2000, status: 'pending' });
    await runJobs(world.server.ctx);
    expect(world.mollie.refunds.get(payment.id)).toEqual([expect.objectContaining({ amount: { currency: 'EUR', value: '20.00' }, status: 'pending' })]);
    const again = await app().inject({ method: 'POST', url: `/api/v1/events/${placed.eventId}/orders/${placed.order.id}/refund`, headers: bearer(token()) });
    expect(again.statusCode).toBe(409);
  });

  it('a payment after the hold expired is honoured while the seats are there', async () => {
    const placed = await pendingOrder(app(), token(), world.server.clock, { capacity: 3, quantity: 2 });
    world.server.clock.advance(601);
    await expireHolds(world.server.ctx);
    await runJobs(world.server.ctx); // tries to cancel at Mollie: iDEAL cannot be cancelled, so it stays open
    expect(world.mollie.paymentOf(placed.order.id)!.status).toBe('open');
    expect(await available(app(), placed.eventId)).toBe(3);
    await world.mollie.setStatus(world.mollie.paymentOf(placed.order.id)!.id, 'paid');
    await deliverMollieWebhooks(app(), world.mollie);
    const read = (await order(placed.wallet, placed.order.id)).json();
    expect(read.order.status).toBe('paid');
    expect(read.order.tickets).toHaveLength(2);
    expect(await available(app(), placed.eventId)).toBe(1);
  });

  it('a payment after the hold expired and the seat was sold is refunded at once (late_payment)', async () => {
    const late = await pendingOrder(app(), token(), world.server.clock, { capacity: 1, quantity: 1 });
    world.server.clock.advance(601);
    await expireHolds(world.server.ctx);
    const other = await TestWallet.withAccount(app(), world.server.clock);
    const taken = await other.request('POST', '/api/v1/orders', { eventId: late.eventId, items: [{ ticketTypeId: late.ticketTypeId, quantity: 1 }] });
    expect(taken.statusCode).toBe(201);
    const payment = world.mollie.paymentOf(late.order.id)!;
    await world.mollie.setStatus(payment.id, 'paid');
    await deliverMollieWebhooks(app(), world.mollie);
    const read = (await order(late.wallet, late.order.id)).json();
    expect(read.order).toMatchObject({ status: 'refunded', statusReason: 'late_payment', tickets: [] });
    expect(await available(app(), late.eventId)).toBe(0);
    await runJobs(world.server.ctx);
    expect(world.mollie.refunds.get(payment.id)).toEqual([expect.objectContaining({ amount: { currency: 'EUR', value: '35.00' } })]);
    expect(await refundsOf(app(), token(), late.eventId)).toEqual([
      expect.objectContaining({ orderId: late.order.id, amountCents: 3500, reason: 'late_payment', status: 'pending', providerReference: world.mollie.refunds.get(payment.id)![0]!.id }),
    ]);
  });

  it('Mollie down at checkout: 503 payment_provider_unavailable and the seats back at once', async () => {
    const { eventId, ticketTypeId } = await publishedEvent(app(), token(), { capacity: 2 });
    const wallet = await TestWallet.withAccount(app(), world.server.clock);
    world.mollie.trouble.down = 1;
    const down = await wallet.request('POST', '/api/v1/orders', { eventId, items: [{ ticketTypeId, quantity: 2 }] });
    expect(down.statusCode).toBe(503);
    expect(down.json().error.code).toBe('payment_provider_unavailable');
    expect(await available(app(), eventId)).toBe(2);
    Object.assign(world.mollie.trouble, { hang: 1, hangMs: 2000 });
    const started = Date.now();
    const hung = await wallet.request('POST', '/api/v1/orders', { eventId, items: [{ ticketTypeId, quantity: 2 }] });
    expect(hung.statusCode).toBe(503);
    expect(Date.now() - started).toBeLessThan(1800);
    expect(await available(app(), eventId)).toBe(2);
    const { orders } = (await wallet.request('GET', '/api/v1/me/orders')).json();
    expect(orders.map((o: { order: { status: string; statusReason?: string } }) => o.order)).toEqual([
      expect.objectContaining({ status: 'failed', statusReason: 'payment_provider_unavailable' }),
      expect.objectContaining({ status: 'failed', statusReason: 'payment_provider_unavailable' }),
    ]);
  });

  it('a webhook that beats the checkout\'s own answer is still acted on', async () => {
    const known = world.mollie.payments.size;
    Object.assign(world.mollie.trouble, { hang: 1, hangMs: 400 });
    const placing = pendingOrder(app(), token(), world.server.clock, { quantity: 1 });
    while (world.mollie.payments.size === known) await new Promise((resolve) => setTimeout(resolve, 20));
    const payment = [...world.mollie.payments.values()].at(-1)!;
    await world.mollie.setStatus(payment.id, 'paid');
    expect((await deliverMollieWebhooks(app(), world.mollie)).map((a) => a.statusCode)).toEqual([200]);
    const placed = await placing;
    expect(placed.order.id).toBe(payment.metadata?.orderId);
    expect((await world.server.ctx.store.repos.orders.find(placed.order.id))).toMatchObject({ status: 'paid', payment_reference: payment.id });
    expect(await ticketsOf(placed.wallet, placed.eventId)).toHaveLength(1);
  });

  it('webhook input: an unknown id changes nothing (200), a malformed or missing one is 400', async () => {
    const placed = await pendingOrder(app(), token(), world.server.clock, { quantity: 1 });
    const post = (payload: string) => app().inject({ method: 'POST', url: '/api/v1/payments/mollie/webhook', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload });
    expect((await post('id=tr_doesnotexist')).statusCode).toBe(200);
    for (const bad of ['id=re_abc', 'id=tr_', 'id=tr_abc%27%3Bdrop', 'other=1', '']) {
      const res = await post(bad);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
    }
    expect((await world.server.ctx.store.repos.orders.find(placed.order.id))?.status).toBe('pending');
  });

});

describe.each(dialects)('hold expiry with a cancellable Mollie payment on $name', (dialect) => {
  let world: Awaited<ReturnType<typeof serverWithProvider>>;
  beforeAll(async () => {
    world = await serverWithProvider(dialect, 'mollie', { cancelable: true });
  });
  afterAll(() => world.stop());

  it('cancels the payment at Mollie, so it can no longer be paid', async () => {
    const placed = await pendingOrder(world.server.app, world.organizer.token, world.server.clock, { quantity: 1 });
    const payment = world.mollie.paymentOf(placed.order.id)!;
    world.server.clock.advance(601);
    await expireHolds(world.server.ctx);
    await runJobs(world.server.ctx);
    expect(world.mollie.seen.some((r) => r.method === 'DELETE' && r.path === `/v2/payments/${payment.id}`)).toBe(true);
    expect(payment.status).toBe('canceled');
    const order = await world.server.ctx.store.repos.orders.find(placed.order.id);
    expect(order).toMatchObject({ status: 'expired', payment_status: 'canceled' });
  });
});

describe.each(dialects)('Mollie refusing a webhook URL on localhost, on $name', (dialect) => {
  let mollie: MollieStandIn;
  let server: TestServer;
  beforeAll(async () => {
    mollie = await startMollieStandIn({ apiKeys: [mollieKey], unreachableHosts: ['localhost'] });
    server = await startTestServer(dialect, { payments: molliePayments(mollie) });
  });
  afterAll(async () => {
    await server.stop();
    await mollie.close();
  });

  it('takes the payment without the webhook; the buyer\'s return settles it', async () => {
    const { token } = await signUp(server.app);
    const placed = await pendingOrder(server.app, token, server.clock, { quantity: 1 });
    const payment = mollie.paymentOf(placed.order.id)!;
    expect(payment.webhookUrl).toBeNull();
    await mollie.setStatus(payment.id, 'paid');
    server.clock.advance(3);
    expect((await placed.wallet.request('GET', `/api/v1/orders/${placed.order.id}`)).json().order.status).toBe('paid');
  });
});
