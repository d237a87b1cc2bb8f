import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/dialects.ts';
import { bearer } from './support/harness.ts';
import { deliverMollieWebhooks, pendingOrder, refundsOf, runJobs, serverWithProvider, ticketsOf } from './support/payments.ts';
import { TestWallet } from './support/wallet.ts';

/** Money going back through Mollie: revocations, retries, refusals, cancellations and the exchange. */
describe.each(dialects)('Mollie refunds on $name', (dialect) => {
  let world: Awaited<ReturnType<typeof serverWithProvider>>;
  const app = () => world.server.app;
  const token = () => world.organizer.token;
  const revoke = (eventId: string, ticketId: string, reason: string) =>
    app().inject({ method: 'POST', url: `/api/v1/events/${eventId}/tickets/${ticketId}/revoke`, headers: bearer(token()), payload: { reason } });

  /** An order of `quantity` tickets paid at Mollie and reported by its webhook, with its first ticket. */
  async function paidByMollie(quantity: number) {
    const placed = await pendingOrder(app(), token(), world.server.clock, { quantity });
    const payment = world.mollie.paymentOf(placed.order.id)!;
    await world.mollie.setStatus(payment.id, 'paid');
    await deliverMollieWebhooks(app(), world.mollie);
    const [ticket] = await ticketsOf(placed.wallet, placed.eventId);
    return { placed, payment, ticket };
  }

  beforeAll(async () => {
    world = await serverWithProvider(dialect, 'mollie');
  });
  afterAll(() => world.stop());

  it('a revocation refunds through Mollie with one idempotency key, ending refunded once Mollie pays out', async () => {
    const { placed, payment, ticket } = await paidByMollie(2);
    const revoked = await revoke(placed.eventId, ticket!.id, 'duplicate purchase');
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().refund).toMatchObject({ amountCents: 3500, currency: 'EUR' });
    const [queued] = await refundsOf(app(), token(), placed.eventId);
    expect(queued).toMatchObject({ status: 'pending', attempts: 0 });
    await runJobs(world.server.ctx);
    const request = world.mollie.seen.find((r) => r.path === `/v2/payments/${payment.id}/refunds`)!;
    expect(request.headers['idempotency-key']).toBe(queued!.id);
    expect(JSON.parse(request.body)).toMatchObject({ amount: { currency: 'EUR', value: '35.00' }, metadata: { refundId: queued!.id } });
    expect((await refundsOf(app(), token(), placed.eventId))[0]).toMatchObject({ status: 'pending', attempts: 1 });
    await world.mollie.settleRefunds();
    await deliverMollieWebhooks(app(), world.mollie);
    await runJobs(world.server.ctx);
    expect((await refundsOf(app(), token(), placed.eventId))[0]).toMatchObject({ status: 'refunded', attempts: 2, providerReference: world.mollie.refunds.get(payment.id)![0]!.id });
  });

  it('a refund whose answer was lost is retried under the same key and paid once', async () => {
    const { placed, payment, ticket } = await paidByMollie(1);
    world.mollie.newRefundsAre('refunded');
    await revoke(placed.eventId, ticket!.id, 'fraud');
    Object.assign(world.mollie.trouble, { hang: 1, hangMs: 1500 });
    await runJobs(world.server.ctx);
    expect((await refundsOf(app(), token(), placed.eventId))[0]).toMatchObject({ status: 'pending', attempts: 1, error: expect.stringContaining('no answer within') });
    expect(world.mollie.refunds.get(payment.id)).toHaveLength(1); // Mollie made it; we never heard
    world.server.clock.advance(10);
    await runJobs(world.server.ctx);
    expect(world.mollie.refunds.get(payment.id)).toHaveLength(1);
    expect((await refundsOf(app(), token(), placed.eventId))[0]).toMatchObject({ status: 'refunded', attempts: 2 });
    world.mollie.newRefundsAre('pending');
  });

  it('a refund Mollie refuses (more than is left) is retried, then failed with Mollie\'s error', async () => {
    const placed = await pendingOrder(app(), token(), world.server.clock, { quantity: 1 });
    const payment = world.mollie.paymentOf(placed.order.id)!;
    await world.mollie.setStatus(payment.id, 'paid');
    await deliverMollieWebhooks(app(), world.mollie);
    world.mollie.refundElsewhere(payment.id, { currency: 'EUR', value: '30.00' });
    const [ticket] = await ticketsOf(placed.wallet, placed.eventId);
    await revoke(placed.eventId, ticket!.id, 'refund requested');
    for (const wait of [0, 10, 60, 300, 1800, 7200]) {
      world.server.clock.advance(wait);
      await runJobs(world.server.ctx);
    }
    expect((await refundsOf(app(), token(), placed.eventId))[0]).toMatchObject({
      status: 'failed',
      attempts: 6,
      error: expect.stringContaining('The amount is higher than the amount that can be refunded'),
    });
    expect(world.mollie.refunds.get(payment.id)).toHaveLength(1);
  });

  it("an exchange offer gets its Mollie checkout when the buyer opens it, and pays the seller back through the seller's payment", async () => {
    const startsAt = new Date(world.server.clock().getTime() + 7 * 86_400_000);
    const organizer = (method: 'POST', url: string, payload?: object) => app().inject({ method, url, headers: bearer(token()), ...(payload ? { payload } : {}) });
    const eventId = (await organizer('POST', '/api/v1/events', {
      name: 'Resale Night', venue: 'Paradiso', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(), transferPolicy: { mode: 'exchange' },
    })).json().id as string;
    const ticketTypeId = (await organizer('POST', `/api/v1/events/${eventId}/ticket-types`, { name: 'GA', priceCents: 5500, currency: 'EUR', capacity: 1 })).json().id as string;
    await organizer('POST', `/api/v1/events/${eventId}/publish`);
    const seller = await TestWallet.withAccount(app(), world.server.clock);
    const bought = (await seller.request('POST', '/api/v1/orders', { eventId, items: [{ ticketTypeId, quantity: 1 }] })).json();
    const sellerPayment = world.mollie.paymentOf(bought.order.id)!;
    await world.mollie.setStatus(sellerPayment.id, 'paid');
    await deliverMollieWebhooks(app(), world.mollie);
    const [ticket] = await ticketsOf(seller, eventId);

    const buyer = await TestWallet.withAccount(app(), world.server.clock);
    expect((await buyer.request('POST', `/api/v1/events/${eventId}/waitlist`, { ticketTypeId })).statusCode).toBe(201);
    const listed = await seller.request('POST', `/api/v1/tickets/${ticket.id}/resale`, {});
    expect(listed.json()).toMatchObject({ status: 'offered' });
    const offer = (await buyer.request('GET', '/api/v1/me/orders')).json().orders.find((o: { order: { resale: boolean } }) => o.order.resale);
    expect(offer.payment).toMatchObject({ provider: 'mollie', checkoutUrl: expect.stringContaining(world.mollie.url) });
    const offerPayment = world.mollie.paymentOf(offer.order.id)!;
    expect(offerPayment.amount).toEqual({ currency: 'EUR', value: '55.00' });
    await world.mollie.setStatus(offerPayment.id, 'paid');
    await deliverMollieWebhooks(app(), world.mollie);
    expect(await ticketsOf(buyer, eventId)).toEqual([expect.objectContaining({ id: ticket!.id, seq: 2 })]);
    await runJobs(world.server.ctx);
    expect(world.mollie.refunds.get(sellerPayment.id)).toEqual([expect.objectContaining({ amount: { currency: 'EUR', value: '55.00' } })]);
    expect(world.mollie.refunds.get(offerPayment.id)).toBeUndefined();
  });

  it('cancelling the event refunds every ticket through Mollie', async () => {
    const placed = await pendingOrder(app(), token(), world.server.clock, { quantity: 2 });
    const payment = world.mollie.paymentOf(placed.order.id)!;
    await world.mollie.setStatus(payment.id, 'paid');
    await deliverMollieWebhooks(app(), world.mollie);
    const cancel = await app().inject({ method: 'POST', url: `/api/v1/events/${placed.eventId}/cancel`, headers: bearer(token()) });
    expect(cancel.statusCode).toBe(200);
    await runJobs(world.server.ctx);
    expect(world.mollie.refunds.get(payment.id)?.map((r) => r.amount.value)).toEqual(['35.00', '35.00']);
    expect((await refundsOf(app(), token(), placed.eventId)).map((r) => r.reason)).toEqual(['event cancelled', 'event cancelled']);
  });
});
