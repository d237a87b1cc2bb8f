import type { Context } from '../context.ts';
import { DomainError, notFound } from '../errors.ts';
import { ownedEvent } from '../events/owned-event.ts';
import { withdrawFromExchange } from '../exchange/settle-resale.ts';
import { queueRefund } from '../payments/refunds.ts';

/**
 * The organizer revokes a ticket (refund, cancellation, fraud). It turns `revoked` in the next gate
 * pack delta and at every scan upload, its open claim links die, and its seat goes back on sale.
 * With `refund`, the face value paid for it is refunded to the order that paid for it, through
 * that order's payment provider, by the job queue after the commit (a provider call never holds
 * database locks, and a crash cannot lose the refund).
 */
export async function revokeTicket(
  ctx: Context,
  organizerId: string,
  eventId: string,
  ticketIdOrHandle: string,
  input: { reason: string; refund: boolean },
) {
  const now = ctx.clock().toISOString();
  return ctx.store.transaction(async (repos) => {
    await ownedEvent(repos, eventId, organizerId);
    // By its id, or by the handle the holder list shows (which does not give the id away).
    const ticket = await repos.transfers.ticketOfEvent(eventId, ticketIdOrHandle);
    if (!ticket) throw notFound('ticket');
    const ticketId = ticket.id;
    if (ticket.state === 'revoked') throw new DomainError('invalid_state', 'this ticket is already revoked');
    const version = await repos.events.nextPackVersion(eventId);
    await repos.transfers.revoke(ticketId, version, now);
    await repos.transfers.revokeOpenLinks(ticketId, now);
    await withdrawFromExchange(ctx, repos, ticketId, now);
    await repos.orders.releaseCapacity(ticket.ticket_type_id, 1);
    if (!input.refund) return { ticket: { id: ticketId, state: 'revoked' as const }, refund: null };
    const order = (await repos.orders.find(ticket.order_id))!;
    const item = (await repos.orders.items(order.id)).find((i) => i.ticket_type_id === ticket.ticket_type_id)!;
    const refund = await queueRefund(repos, { orderId: order.id, ticketId, amountCents: item.unit_price_cents, currency: order.currency, reason: input.reason }, now);
    return {
      ticket: { id: ticketId, state: 'revoked' as const },
      refund: { id: refund.id, amountCents: refund.amount_cents, currency: refund.currency, status: refund.status },
    };
  });
}
