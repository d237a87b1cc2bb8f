import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../src/domain/errors.ts';
import { queueRefund } from '../src/domain/payments/refunds.ts';
import { dialects } from './support/dialects.ts';
import { bearer, publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { buyTickets } from './support/purchases.ts';
import { refundsOf, runJobs } from './support/payments.ts';
import { TestWallet } from './support/wallet.ts';

describe.each(dialects)('refunds on $name', (dialect) => {
  let server: TestServer;
  let organizer: Awaited<ReturnType<typeof signUp>>;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    organizer = await signUp(server.app);
  });
  afterAll(() => server.stop());

  it('never pay back more than was paid for an order', async () => {
    const event = await publishedEvent(server.app, organizer.token, { priceCents: 3500 });
    const wallet = await TestWallet.withAccount(server.app, server.clock);
    const [ticket] = await buyTickets(wallet, event, 2);
    const orderId = (await server.ctx.store.repos.transfers.findTicket(ticket!.id))!.order_id;
    const now = server.clock().toISOString();
    const refund = (amountCents: number) =>
      server.ctx.store.transaction((repos) => queueRefund(repos, { orderId, ticketId: null, amountCents, currency: 'EUR', reason: 'goodwill' }, now));
    await refund(5000);
    const over = await refund(2001).catch((error: unknown) => error);
    expect(over).toBeInstanceOf(DomainError);
    expect(over).toMatchObject({ code: 'refund_exceeds_payment', message: expect.stringContaining('7000 paid, 5000 refunded or on its way') });
    await refund(2000);
    expect(await refund(1).catch((error: DomainError) => error.code)).toBe('refund_exceeds_payment');
    expect(await refund(0).catch((error: DomainError) => error.code)).toBe('refund_exceeds_payment');
    // The refused ones left nothing behind.
    expect((await refundsOf(server.app, organizer.token, event.eventId)).map((r) => r.amountCents).sort()).toEqual([2000, 5000]);
  });

  it('the sandbox settles a revocation refund on the next job run', async () => {
    const event = await publishedEvent(server.app, organizer.token, { priceCents: 1500 });
    const wallet = await TestWallet.withAccount(server.app, server.clock);
    const [ticket] = await buyTickets(wallet, event, 1);
    const revoked = await server.app.inject({ method: 'POST', url: `/api/v1/events/${event.eventId}/tickets/${ticket!.id}/revoke`, headers: bearer(organizer.token), payload: { reason: 'fraud' } });
    expect(revoked.json().refund).toMatchObject({ amountCents: 1500, status: 'pending' });
    await runJobs(server.ctx);
    expect(await refundsOf(server.app, organizer.token, event.eventId)).toEqual([
      expect.objectContaining({ amountCents: 1500, status: 'refunded', provider: 'sandbox', reason: 'fraud', ticketId: ticket!.id, attempts: 1 }),
    ]);
  });
});
