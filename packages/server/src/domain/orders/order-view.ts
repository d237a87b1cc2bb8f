import type { Context } from '../context.ts';
import type { OrderItemsTable, OrdersTable, TicketsTable } from '../../storage/schema.ts';
import { notFound } from '../errors.ts';
import { expireHolds } from './expire-holds.ts';

/** An order with its items, tickets and, while pending, where to pay. */
export async function orderView(ctx: Context, orderId: string) {
  const repos = ctx.store.repos;
  const order = await repos.orders.find(orderId);
  if (!order) throw notFound('order');
  const items = await repos.orders.items(orderId);
  const tickets = order.status === 'paid' ? await repos.orders.ticketsOfOrder(orderId) : [];
  return viewOf(ctx, order, items, tickets);
}

/** The view of rows the caller already has, e.g. the order it just placed. */
export async function viewOf(ctx: Context, order: OrdersTable, items: OrderItemsTable[], tickets: TicketsTable[]) {
  const payment =
    order.status === 'pending'
      ? { provider: order.provider, ...(await ctx.payments.checkout({ id: order.id, totalCents: order.total_cents, currency: order.currency, expiresAt: order.expires_at })) }
      : { provider: order.provider, checkoutUrl: null };
  return { order, items, tickets, payment };
}

export type OrderView = Awaited<ReturnType<typeof orderView>>;

/** The buyer's own order; anyone else's is "not found". Expires the hold first if it ran out. */
export async function buyersOrder(ctx: Context, accountId: string, orderId: string) {
  const order = await ctx.store.repos.orders.find(orderId);
  if (!order || order.account_id !== accountId) throw notFound('order');
  if (order.status === 'pending' && order.expires_at <= ctx.clock().toISOString()) {
    await expireHolds(ctx, { eventId: order.event_id });
  }
  return orderView(ctx, orderId);
}
