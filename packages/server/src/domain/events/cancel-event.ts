import type { Context } from '../context.ts';
import type { Repositories } from '../../storage/store.ts';
import { releaseOrder } from '../orders/release-order.ts';
import { endListings } from '../exchange/settle-resale.ts';
import { queueRefund } from '../payments/refunds.ts';

/**
 * What cancelling an event does to what was sold, in the cancelling transaction: every live ticket
 * is revoked (the gates refuse it from the next pack on) and its face value refunded to the order
 * that paid for it, pending orders fail, and the exchange closes. The refunds are queued for the
 * job queue, which sends them to the payment provider after the commit.
 */
export async function cancelSales(ctx: Context, repos: Repositories, eventId: string, now: string) {
  for (const id of await repos.orders.pendingIdsOfEvent(eventId)) await releaseOrder(ctx, repos, id, 'failed', now);
  await endListings(ctx, repos, { eventId }, now);
  const tickets = await repos.transfers.liveTicketsWithPrice(eventId);
  await repos.transfers.revokeAllOfEvent(eventId, await repos.events.nextPackVersion(eventId), now);
  for (const t of tickets) {
    await queueRefund(repos, { orderId: t.order_id, ticketId: t.id, amountCents: t.unit_price_cents, currency: t.currency, reason: 'event cancelled' }, now);
  }
}
