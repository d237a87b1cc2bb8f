import type { Context } from '../context.ts';
import type { OrderItemsTable, OrderWithPayment, ProductKind, TicketsTable } from '../../storage/schema.ts';
import { notFound } from '../errors.ts';
import { checkoutOf } from '../payments/start-checkout.ts';
import { syncPayment } from '../payments/sync-payment.ts';
import { expireHolds } from './expire-holds.ts';

/** An order with its items, tickets and, while pending, where to pay. */
export async function orderView(ctx: Context, orderId: string) {
  const repos = ctx.store.repos;
  const order = await repos.orders.find(orderId);
  if (!order) throw notFound('order');
  const items = await repos.orders.items(orderId);
  const tickets = order.status === 'paid' ? await repos.orders.ticketsOfOrder(orderId) : [];
  // A provider that cannot be reached now leaves the order as it is; the page asks again.
  const checkoutUrl = await checkoutOf(ctx, order).catch(() => null);
  return { ...viewOf(order, items, tickets, checkoutUrl), receipt: await receiptOf(ctx, order) };
}

/** What a receipt names beside the order's own figures: the event, its VAT rate, each product's name. */
async function receiptOf(ctx: Context, order: OrderWithPayment) {
  const event = (await ctx.store.repos.events.find(order.event_id))!;
  const types = await ctx.store.repos.events.ticketTypes(order.event_id);
  return {
    eventName: event.name,
    vatBasisPoints: event.vat_basis_points ?? null,
    products: new Map(types.map((t) => [t.id, { name: t.name, kind: t.kind }])),
  };
}

export type Receipt = Awaited<ReturnType<typeof receiptOf>>;

/** What the provider's payment looks like to the buyer; orders from before real providers have no status of their own. */
const paymentStatusOf = (order: OrderWithPayment) =>
  order.payment_status ?? ({ pending: 'open', paid: 'paid', failed: 'failed', expired: 'expired' } as Record<string, string>)[order.status] ?? null;

/** The view of rows the caller already has, e.g. the order it just placed. */
export function viewOf(order: OrderWithPayment, items: OrderItemsTable[], tickets: (TicketsTable & { kind: ProductKind })[], checkoutUrl: string | null) {
  const payment = { provider: order.provider, checkoutUrl: order.status === 'pending' ? checkoutUrl : null, status: paymentStatusOf(order) };
  return { order, items, tickets, payment };
}

/** The order as the buyer sees it; a receipt's names are left out where the order was just placed. */
export type OrderView = ReturnType<typeof viewOf> & { receipt?: Receipt };

/**
 * The buyer's own order; anyone else's is "not found". Expires the hold first if it ran out. With
 * `ask`, a payment still open at a real provider is asked for its status first: the buyer just came
 * back from paying, and this is faster than waiting for the webhook.
 */
export async function buyersOrder(ctx: Context, accountId: string, orderId: string, options: { ask?: boolean } = {}) {
  const order = await ctx.store.repos.orders.find(orderId);
  if (!order || order.account_id !== accountId) throw notFound('order');
  if (options.ask && order.payment_status === 'open' && order.provider !== 'sandbox') await syncPayment(ctx, orderId, { quietly: true, minAgeSeconds: 2 });
  if (order.status === 'pending' && order.expires_at <= ctx.clock().toISOString()) {
    await expireHolds(ctx, { eventId: order.event_id });
  }
  return orderView(ctx, orderId);
}
