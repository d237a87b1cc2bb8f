import type { Context } from '../context.ts';
import type { OrdersTable } from '../../storage/schema.ts';
import { DomainError, notFound } from '../errors.ts';
import { ownedEvent } from '../events/owned-event.ts';
import { moveOrder } from '../orders/order-rules.ts';
import { holderRef } from '../privacy/holder-ref.ts';
import { queueRefund } from './refunds.ts';

/** The event's refunds, newest first, each with how far the provider got. */
export async function eventRefunds(ctx: Context, organizerId: string, eventId: string) {
  await ownedEvent(ctx.store.repos, eventId, organizerId);
  return ctx.store.repos.refunds.ofEvent(eventId);
}

/**
 * The event's orders paid at the provider with other figures than the order's own (kept aside, no
 * tickets issued), buyers as pseudonyms, for the organizer to sort out.
 */
export async function ordersNeedingAttention(ctx: Context, organizerId: string, eventId: string) {
  const event = await ownedEvent(ctx.store.repos, eventId, organizerId);
  const orders = await ctx.store.repos.payments.needingAttention(eventId);
  return orders.map((order) => ({ ...order, holderRef: holderRef(ctx.settings.secret, event.organizer_id, order.account_id) }));
}

/**
 * The organizer pays back an order kept aside: exactly what the provider reported paid, in its
 * currency, through the provider. The order becomes `refunded`; its reason stays as it was.
 */
export async function refundOrderNeedingAttention(ctx: Context, organizerId: string, eventId: string, orderId: string) {
  const now = ctx.clock().toISOString();
  return ctx.store.transaction(async (repos) => {
    await ownedEvent(repos, eventId, organizerId);
    const order = await repos.orders.find(orderId);
    if (!order || order.event_id !== eventId) throw notFound('order');
    if (order.status !== 'needs_attention') throw new DomainError('invalid_state', `only an order that needs attention can be refunded this way; this one is ${order.status}`);
    await moveOrder(repos, order.id, ['needs_attention'], 'refunded', now);
    const refund = await queueRefund(
      repos,
      { orderId: order.id, ticketId: null, amountCents: order.reported_amount_cents ?? order.total_cents, currency: order.reported_currency ?? order.currency, reason: order.status_reason ?? 'needs attention' },
      now,
    );
    return { order: (await repos.orders.find(order.id)) as OrdersTable, refund };
  });
}
