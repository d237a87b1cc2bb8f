import { randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import { DomainError, notFound } from '../errors.ts';
import { ownedEvent } from '../events/owned-event.ts';
import { withdrawFromExchange } from '../exchange/settle-resale.ts';

/**
 * The organizer revokes a ticket (refund, cancellation, fraud). It turns `revoked` in the next gate
 * pack delta and at every scan upload, its open claim links die, and its seat goes back on sale.
 * With `refund`, the face value paid for it is refunded to the buyer's order and recorded.
 */
export async function revokeTicket(
  ctx: Context,
  organizerId: string,
  eventId: string,
  ticketId: string,
  input: { reason: string; refund: boolean },
) {
  const now = ctx.clock().toISOString();
  const result = await ctx.store.transaction(async (repos) => {
    await ownedEvent(repos, eventId, organizerId);
    const ticket = await repos.transfers.findTicket(ticketId);
    if (!ticket || ticket.event_id !== eventId) throw notFound('ticket');
    if (ticket.state === 'revoked') throw new DomainError('invalid_state', 'this ticket is already revoked');
    const version = await repos.events.nextPackVersion(eventId);
    await repos.transfers.revoke(ticketId, version, now);
    await repos.transfers.revokeOpenLinks(ticketId, now);
    await withdrawFromExchange(ctx, repos, ticketId, now);
    await repos.orders.releaseCapacity(ticket.ticket_type_id, 1);
    if (!input.refund) return { ticket: { id: ticketId, state: 'revoked' as const }, refund: null, orderId: ticket.order_id };
    const order = (await repos.orders.find(ticket.order_id))!;
    const item = (await repos.orders.items(order.id)).find((i) => i.ticket_type_id === ticket.ticket_type_id)!;
    const refund = {
      id: randomUUID(),
      order_id: order.id,
      ticket_id: ticketId,
      amount_cents: item.unit_price_cents,
      currency: order.currency,
      provider: order.provider,
      reason: input.reason,
      created_at: now,
    };
    await repos.transfers.insertRefund(refund);
    return {
      ticket: { id: ticketId, state: 'revoked' as const },
      refund: { id: refund.id, amountCents: refund.amount_cents, currency: refund.currency },
      orderId: order.id,
    };
  });
  // The money moves after the commit: a provider call must never hold database locks.
  const { orderId, ...answer } = result;
  if (answer.refund) {
    await ctx.payments.refund({ orderId, amountCents: answer.refund.amountCents, currency: answer.refund.currency, reason: input.reason });
  }
  return answer;
}
