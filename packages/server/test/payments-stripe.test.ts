import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireHolds } from '../src/domain/orders/expire-holds.ts';
import { scheduleReconciliation } from '../src/domain/payments/sync-payment.ts';
import { parseStripeForm } from './support/stand-in-server.ts';
import { dialects } from './support/dialects.ts';
import { bearer, publishedEvent } from './support/harness.ts';
import { available, pendingOrder, postStripeEvent, refundsOf, runJobs, serverWithProvider, stripeKey, ticketsOf } from './support/payments.ts';
import { stripeSignature } from './support/stripe-stand-in.ts';
import { publicUrl, TestWallet } from './support/wallet.ts';

describe.each(dialects)('Stripe payments on $name', (dialect) => {
  let world: Awaited<ReturnType<typeof serverWithProvider>>;
  const app = () => world.server.app;
  const token = () => world.organizer.token;
  const statusOf = async (orderId: string) => (await world.server.ctx.store.repos.orders.find(orderId))?.status;

  beforeAll(async () => {
    world = await serverWithProvider(dialect, 'stripe');
  });
  afterAll(() => world.stop());

  it('an order is a Checkout Session of its lines, living the 30 minutes Stripe asks for although the hold is 10', async () => {
    const placed = await pendingOrder(app(), token(), world.server.clock, { quantity: 2, priceCents: 1250 });
    const session = world.stripe.sessionOf(placed.order.id)!;
    expect(session).toMatchObject({
      mode: 'payment',
      amount_total: 2500,
      currency: 'eur',
      client_reference_id: placed.order.id,
      success_url: `${publicUrl}/wallet/o/${placed.order.id}`,
      cancel_url: `${publicUrl}/wallet/o/${placed.order.id}?left=1`,
      status: 'open',
    });
    expect(session.expires_at).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 30 * 60);
    expect(placed.payment).toEqual({ provider: 'stripe', checkoutUrl: session.url, status: 'open' });
    const create = world.stripe.seen.find((r) => r.path === '/v1/checkout/sessions' && r.body.includes(placed.order.id))!;
    expect(create.headers.authorization).toBe(`Bearer ${stripeKey}`);
    expect(create.headers['idempotency-key']).toBe(`checkout-${placed.order.id}`);
    expect(parseStripeForm(create.body)).toMatchObject({ line_items: [{ quantity: '2', price_data: { currency: 'eur', unit_amount: '1250' } }], metadata: { orderId: placed.order.id } });
  });

  it('a signed checkout.session.completed makes it paid; repeats and a late `expired` event change nothing', async () => {
    const placed = await pendingOrder(app(), token(), world.server.clock, { quantity: 2 });
    const session = world.stripe.sessionOf(placed.order.id)!;
    const completed = world.stripe.complete(session.id);
    const answers = await Promise.all([completed, completed, completed].map((e) => postStripeEvent(app(), e)));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    expect(answers[0]!.json()).toEqual({ received: true, type: 'checkout.session.completed' });
    // Out of order: an `expired` event for the same session (Stripe sends it for a session it expired).
    const stale = world.stripe.event('checkout.session.expired', { ...session, status: 'expired' });
    expect((await postStripeEvent(app(), stale)).statusCode).toBe(200);
    expect(await statusOf(placed.order.id)).toBe('paid');
    expect(await ticketsOf(placed.wallet, placed.eventId)).toHaveLength(2);
  });

  it('a forged, missing or tampered Stripe-Signature is 400 invalid_signature and changes nothing', async () => {
    const placed = await pendingOrder(app(), token(), world.server.clock, { quantity: 1 });
    const session = world.stripe.sessionOf(placed.order.id)!;
    const completed = world.stripe.complete(session.id);
    const forged = { body: completed.body, signature: stripeSignature(completed.body, 'whsec_someoneelsessecret') };
    const tampered = { body: completed.body.replace('"livemode":false', '"livemode":true'), signature: completed.signature };
    const old = { body: completed.body, signature: stripeSignature(completed.body, world.stripe.webhookSecret, Math.floor(Date.now() / 1000) - 3600) };
    for (const [name, attempt] of Object.entries({ forged, tampered, old, missing: { body: completed.body } })) {
      const res = await postStripeEvent(app(), attempt);
      expect(res.statusCode, name).toBe(400);
      expect(res.json().error.code, name).toBe('invalid_signature');
    }
    expect(await statusOf(placed.order.id)).toBe('pending');
    expect(world.stripe.seen.filter((r) => r.path.startsWith(`/v1/checkout/sessions/${session.id}`) && r.method === 'GET')).toHaveLength(0);
  });

  it('becomes paid by reconciliation when the event never arrives', async () => {
    const placed = await pendingOrder(app(), token(), world.server.clock, { quantity: 1 });
    world.stripe.complete(world.stripe.sessionOf(placed.order.id)!.id);
    world.server.clock.advance(60);
    await scheduleReconciliation(world.server.ctx);
    await runJobs(world.server.ctx);
    expect(await statusOf(placed.order.id)).toBe('paid');
  });

  it('the hold running out expires the session at Stripe; one paid just before is honoured late', async () => {
    const expiring = await pendingOrder(app(), token(), world.server.clock, { quantity: 1 });
    const paidJustBefore = await pendingOrder(app(), token(), world.server.clock, { quantity: 1 });
    world.stripe.complete(world.stripe.sessionOf(paidJustBefore.order.id)!.id); // its event is still on its way
    world.server.clock.advance(601);
    await expireHolds(world.server.ctx);
    await runJobs(world.server.ctx);
    expect(world.stripe.sessionOf(expiring.order.id)!.status).toBe('expired');
    expect(world.stripe.seen.some((r) => r.path === `/v1/checkout/sessions/${world.stripe.sessionOf(expiring.order.id)!.id}/expire`)).toBe(true);
    expect(await statusOf(expiring.order.id)).toBe('expired');
    expect(await statusOf(paidJustBefore.order.id)).toBe('paid');
    expect(await ticketsOf(paidJustBefore.wallet, paidJustBefore.eventId)).toHaveLength(1);
  });

  it('a bank payment that arrives after the session completed issues the tickets then', async () => {
    const placed = await pendingOrder(app(), token(), world.server.clock, { quantity: 1 });
    const session = world.stripe.sessionOf(placed.order.id)!;
    await postStripeEvent(app(), world.stripe.complete(session.id, { intent: 'processing' }));
    expect(await statusOf(placed.order.id)).toBe('pending');
    await postStripeEvent(app(), world.stripe.succeedAsync(session.id));
    expect(await statusOf(placed.order.id)).toBe('paid');
    expect(await ticketsOf(placed.wallet, placed.eventId)).toHaveLength(1);
  });

  it('a bank payment that fails after the session completed releases the hold', async () => {
    const placed = await pendingOrder(app(), token(), world.server.clock, { capacity: 2, quantity: 2 });
    const session = world.stripe.sessionOf(placed.order.id)!;
    await postStripeEvent(app(), world.stripe.complete(session.id, { intent: 'processing' }));
    expect(await statusOf(placed.order.id)).toBe('pending');
    await postStripeEvent(app(), world.stripe.failAsync(session.id));
    expect(await statusOf(placed.order.id)).toBe('failed');
    expect(await available(app(), placed.eventId)).toBe(2);
  });

  it('a revocation refunds through Stripe once, and the organizer hears order.refunded', async () => {
    const hook = await app().inject({ method: 'POST', url: '/api/v1/webhooks', headers: bearer(token()), payload: { url: 'https://hooks.example.org/tg', events: ['order.refunded'] } });
    expect(hook.statusCode).toBe(201);
    const placed = await pendingOrder(app(), token(), world.server.clock, { quantity: 2 });
    const session = world.stripe.sessionOf(placed.order.id)!;
    await postStripeEvent(app(), world.stripe.complete(session.id));
    const [ticket] = await ticketsOf(placed.wallet, placed.eventId);
    await app().inject({ method: 'POST', url: `/api/v1/events/${placed.eventId}/tickets/${ticket.id}/revoke`, headers: bearer(token()), payload: { reason: 'duplicate' } });
    await runJobs(world.server.ctx);
    const [refund] = await refundsOf(app(), token(), placed.eventId);
    const [atStripe, ...more] = [...world.stripe.refunds.values()].filter((r) => r.payment_intent === session.payment_intent);
    expect(more).toEqual([]);
    expect(atStripe).toMatchObject({ amount: 3500, status: 'succeeded', metadata: { refundId: refund!.id } });
    expect(refund).toMatchObject({ status: 'refunded', providerReference: atStripe!.id, amountCents: 3500 });
    const call = world.stripe.seen.find((r) => r.path === '/v1/refunds')!;
    expect(call.headers['idempotency-key']).toBe(`refund-${refund!.id}`);
    const deliveries = await world.server.ctx.store.storage.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', hook.json().id).execute();
    expect(deliveries).toHaveLength(1);
    expect(JSON.parse(deliveries[0]!.body)).toMatchObject({ type: 'order.refunded', data: { orderId: placed.order.id, refundId: refund!.id, ticketId: ticket.id, amountCents: 3500, currency: 'EUR' } });
    expect(deliveries[0]!.body).not.toContain(placed.wallet.accountId);
  });

  it('Stripe down at checkout: 503 and the seats back at once', async () => {
    const { eventId, ticketTypeId } = await publishedEvent(app(), token(), { capacity: 1 });
    const wallet = await TestWallet.withAccount(app(), world.server.clock);
    world.stripe.trouble.down = 1;
    const res = await wallet.request('POST', '/api/v1/orders', { eventId, items: [{ ticketTypeId, quantity: 1 }] });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('payment_provider_unavailable');
    expect(await available(app(), eventId)).toBe(1);
  });
});
