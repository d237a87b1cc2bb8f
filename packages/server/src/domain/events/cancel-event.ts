import { randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import type { Repositories } from '../../storage/store.ts';
import { releaseOrder } from '../orders/release-order.ts';

/**
 * What cancelling an event does to what was sold, in the cancelling transaction: every live ticket
 * is revoked (the gates refuse it from the next pack on) and its face value refunded to the order
 * that paid for it, pending orders fail, and the exchange closes. Returns the refunds for the
 * payment provider, which the caller sends after the commit.
 */
export async function cancelSales(ctx: Context, repos: Repositories, eventId: string, now: string) {
  for (const id of await repos.orders.pendingIdsOfEvent(eventId)) await releaseOrder(ctx, repos, id, 'failed', now);
  const tickets = await repos.transfers.liveTicketsWithPrice(eventId);
  await repos.transfers.revokeAllOfEvent(eventId, await repos.events.nextPackVersion(eventId), now);
  const refunds = tickets.map((t) => ({
    id: randomUUID(),
    order_id: t.order_id,
    ticket_id: t.id,
    amount_cents: t.unit_price_cents,
    currency: t.currency,
    provider: t.provider,
    reason: 'event cancelled',
    created_at: now,
  }));
  for (const refund of refunds) await repos.transfers.insertRefund(refund);
  return refunds.map((r) => ({ orderId: r.order_id, amountCents: r.amount_cents, currency: r.currency, reason: r.reason }));
}
