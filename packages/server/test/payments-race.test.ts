import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPaymentReport } from '../src/domain/payments/apply-payment.ts';
import type { Store } from '../src/storage/store.ts';
import { dialects } from './support/dialects.ts';
import { publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { TestWallet } from './support/wallet.ts';

const postgres = dialects.find((d) => d.name === 'postgres');

/** Resolves for everyone once `parties` have arrived: both reporters have read before either writes. */
function barrier(parties: number) {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    arrived += 1;
    if (arrived === parties) open();
    return opened;
  };
}

/**
 * Two server processes' reports of one payment (a webhook at one, the buyer's return at the other)
 * as two transactions on two connections of one PostgreSQL, meeting in the interleaving a busy
 * server meets now and then: both read the order pending before either writes.
 */
describe.skipIf(!postgres)('two reports of one payment on postgres', () => {
  let server: TestServer;
  let other: Awaited<ReturnType<TestServer['sibling']>>;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer(postgres!);
    other = await server.sibling();
    token = (await signUp(server.app)).token;
  });
  afterAll(async () => {
    await other?.stop();
    await server?.stop();
  });

  async function pendingOrderId(quantity: number) {
    const { eventId, ticketTypeId } = await publishedEvent(server.app, token, { capacity: 50 });
    const wallet = await TestWallet.withAccount(server.app, server.clock);
    const placed = await wallet.request('POST', '/api/v1/orders', { eventId, items: [{ ticketTypeId, quantity }] });
    return placed.json().order as { id: string; totalCents: number };
  }

  /** Each store's report: read the order, wait for the other, then decide with `write`; true if it went on to issue tickets. */
  const race = (orderId: string, write: (store: Store, status: string) => Promise<boolean>) => {
    const bothRead = barrier(2);
    return Promise.all(
      [server.ctx.store, other.ctx.store].map((store) =>
        store.transaction(async (repos) => {
          const order = (await repos.orders.find(orderId))!;
          await bothRead();
          return write({ ...store, repos }, order.status);
        }),
      ),
    );
  };

  it('without the guard, read-then-write issues the tickets twice', async () => {
    const order = await pendingOrderId(2);
    const issued = await race(order.id, async (store, status) => {
      if (status !== 'pending') return false;
      await store.repos.payments.move(order.id, ['pending', 'paid'], 'paid', new Date().toISOString());
      return true;
    });
    expect(issued).toEqual([true, true]);
  });

  it('with the conditional move that applyPaymentReport uses, exactly one report issues', async () => {
    const order = await pendingOrderId(2);
    const issued = await race(order.id, async (store, status) => status === 'pending' && store.repos.payments.move(order.id, ['pending'], 'paid', new Date().toISOString()));
    expect(issued.filter(Boolean)).toHaveLength(1);
  });

  it('twenty reports at once across both processes issue the order\'s tickets once', async () => {
    const order = await pendingOrderId(3);
    const report = { reference: `sandbox_${order.id}`, status: 'paid' as const, amountCents: order.totalCents, currency: 'EUR' };
    await Promise.all(Array.from({ length: 20 }, (_, i) => applyPaymentReport(i % 2 ? other.ctx : server.ctx, order.id, report)));
    const tickets = await server.ctx.store.repos.orders.ticketsOfOrder(order.id);
    expect(tickets).toHaveLength(3);
    expect((await server.ctx.store.repos.orders.find(order.id))?.status).toBe('paid');
  });
});
