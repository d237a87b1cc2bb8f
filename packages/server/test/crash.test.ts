import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from '../../../bench/support/process.ts';
import { api } from '../../../bench/support/http.ts';
import { eventOnSale, freshSchema, inParallel, insertAccounts, postgresUrl, ProcessWallet, serverProcess } from './support/processes.ts';

const url = postgresUrl();
const buyers = 300;
const seats = 200;
const holdSeconds = 10;

interface Ledger {
  orders: { id: string; status: string; quantity: number; tickets: number }[];
  ticketRows: number;
  distinctTickets: number;
  taken: number;
}

/**
 * kill -9 of a server in the middle of an on-sale, then a restart. Nothing a dead process did
 * may be half there: the database is the only state, and each change is one transaction.
 */
describe.skipIf(!url)('a server killed with SIGKILL in the middle of an on-sale', () => {
  let db: Awaited<ReturnType<typeof freshSchema>>;
  const secret = randomBytes(32).toString('hex');
  const started: Server[] = [];
  const start = async () => {
    const server = await serverProcess(db.url, secret, { ORDER_HOLD_SECONDS: String(holdSeconds) });
    started.push(server);
    return server;
  };

  beforeAll(async () => {
    db = await freshSchema(url!);
  });
  afterAll(async () => {
    await Promise.all(started.map((s) => s.stop()));
    await db?.drop();
  });

  const ledger = async (ticketTypeId: string): Promise<Ledger> => {
    const orders = await db.query<Ledger['orders'][number]>(
      `SELECT o.id, o.status, i.quantity, (SELECT count(*)::int FROM tickets t WHERE t.order_id = o.id) AS tickets
       FROM orders o JOIN order_items i ON i.order_id = o.id WHERE i.ticket_type_id = $1`,
      [ticketTypeId],
    );
    const [counts] = await db.query<{ rows: number; ids: number; taken: number }>(
      `SELECT count(*)::int AS rows, count(DISTINCT id)::int AS ids, (SELECT taken FROM ticket_types WHERE id = $1) AS taken FROM tickets WHERE ticket_type_id = $1`,
      [ticketTypeId],
    );
    return { orders, ticketRows: counts!.rows, distinctTickets: counts!.ids, taken: counts!.taken };
  };

  /** What must hold at any moment: paid orders have all their tickets, nothing else has any, no ticket twice, seats = paid + held. */
  const expectConsistent = ({ orders, ticketRows, distinctTickets, taken }: Ledger) => {
    for (const order of orders) expect(order.tickets, `order ${order.id} (${order.status})`).toBe(order.status === 'paid' ? order.quantity : 0);
    expect(distinctTickets).toBe(ticketRows);
    const count = (status: string) => orders.filter((o) => o.status === status).reduce((n, o) => n + o.quantity, 0);
    expect(ticketRows).toBe(count('paid'));
    expect(taken).toBe(count('paid') + count('pending'));
  };

  it('every paid order has its tickets, no ticket exists twice, and the dead process\'s holds expire and give their seats back', async () => {
    const victim = await start();
    const sale = await eventOnSale(victim, seats);
    const wallets = await insertAccounts(db.query, Array.from({ length: buyers }, () => new ProcessWallet()));
    const item = (quantity: number) => ({ eventId: sale.eventId, items: [{ ticketTypeId: sale.ticketTypeId, quantity }] });

    // Buyers order 1 or 2 tickets; one in three leaves the payment page open (a hold in flight).
    let paid = 0;
    const killed = new Promise<void>((resolve) => {
      const watch = setInterval(() => {
        if (paid < 40) return;
        clearInterval(watch);
        process.kill(victim.pid, 'SIGKILL');
        resolve();
      }, 5);
    });
    const outcomes = await inParallel(wallets, 20, async (wallet, i) => {
      try {
        const placed = await wallet.send(victim, 'POST', '/api/v1/orders', item(1 + (i % 2)));
        if (placed.status !== 201 || i % 3 === 0) return placed.status;
        const orderId = JSON.parse(placed.body.toString()).order.id;
        const payment = await wallet.send(victim, 'POST', `/api/v1/orders/${orderId}/sandbox-payment`, { outcome: 'paid' });
        if (payment.status === 200) paid += 1;
        return payment.status;
      } catch {
        return 0; // the process is gone: the connection dropped
      }
    });
    await killed;
    await victim.exited;
    expect(outcomes.filter((s) => s === 0).length).toBeGreaterThan(0); // requests were in flight when it died

    const atDeath = await ledger(sale.ticketTypeId);
    expectConsistent(atDeath);
    expect(atDeath.orders.filter((o) => o.status === 'paid').length).toBeGreaterThanOrEqual(40);
    expect(atDeath.orders.filter((o) => o.status === 'pending').length).toBeGreaterThan(0);

    // The restart: its hold-expiry job finds the holds of the dead process once they run out.
    const restarted = await start();
    const until = Date.now() + (holdSeconds + 30) * 1000;
    let after = await ledger(sale.ticketTypeId);
    while (after.orders.some((o) => o.status === 'pending') && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 500));
      after = await ledger(sale.ticketTypeId);
    }
    expectConsistent(after);
    expect(after.orders.filter((o) => o.status === 'pending')).toEqual([]);
    const soldSeats = after.ticketRows;
    expect(soldSeats).toBe(atDeath.ticketRows); // nothing paid was lost, nothing unpaid was issued
    const event = await api<{ ticketTypes: { available: number }[] }>(restarted.port, 'GET', `/api/v1/events/${sale.eventId}`, 200);
    expect(event.ticketTypes[0]!.available).toBe(seats - soldSeats);

    // The seats given back can be sold again, exactly up to the capacity.
    const rest = await inParallel(wallets.slice(0, seats - soldSeats + 10), 20, (w) => w.send(restarted, 'POST', '/api/v1/orders', item(1)));
    expect(rest.filter((a) => a.status === 201).length).toBe(seats - soldSeats);
    expect(rest.filter((a) => a.status === 409).length).toBe(10);
  }, 240_000);
});
