import type { Context } from '../context.ts';
import type { OrderWithPayment } from '../../storage/schema.ts';
import { DomainError } from '../errors.ts';
import { releaseOrder } from '../orders/release-order.ts';
import { isProviderError, type CheckoutRequest } from './provider.ts';

/** The wallet's order page: where every provider sends the buyer back. */
export const orderPageUrl = (ctx: Context, orderId: string) => `${ctx.settings.publicUrl}/wallet/o/${orderId}`;

/**
 * Where the buyer pays a pending order: made at the provider the first time (also for an exchange
 * offer, which the waiting list made without one), then read back from the order. The sandbox's
 * page belongs to this server and is derived from the order id, so its hot path writes nothing.
 */
export async function checkoutOf(ctx: Context, order: OrderWithPayment): Promise<string | null> {
  if (order.status !== 'pending') return null;
  if (order.checkout_url) return order.checkout_url;
  if (order.provider === 'sandbox') return ctx.payments.sandboxCheckoutUrl(order.id);
  const provider = await ctx.payments.forOrder(ctx.store.repos, order);
  const { reference, checkoutUrl } = await provider.createCheckout(await checkoutRequest(ctx, order));
  // Made under the idempotency key `checkout-<order id>`: a repeat gets the same payment, so its URL is the one to keep.
  await ctx.store.repos.payments.attachCheckout(order.id, reference, checkoutUrl, ctx.clock().toISOString());
  return checkoutUrl;
}

/**
 * The checkout of an order just placed. A provider that cannot be reached, or refuses, must not keep
 * the seats from other buyers: the hold is released at once and the buyer told to try again.
 */
export async function startCheckout(ctx: Context, order: OrderWithPayment) {
  try {
    return await checkoutOf(ctx, order);
  } catch (error) {
    if (!isProviderError(error)) throw error;
    const now = ctx.clock().toISOString();
    await ctx.store.transaction((repos) => releaseOrder(ctx, repos, order.id, 'failed', now, { status_reason: 'payment_provider_unavailable' }));
    throw new DomainError(
      'payment_provider_unavailable',
      `the payment provider cannot take this payment right now (${error.message}); nothing was charged and the tickets were released, so try again in a moment`,
    );
  }
}

async function checkoutRequest(ctx: Context, order: OrderWithPayment): Promise<CheckoutRequest> {
  const repos = ctx.store.repos;
  const event = (await repos.events.find(order.event_id))!;
  const names = new Map((await repos.events.ticketTypes(event.id)).map((t) => [t.id, t.name]));
  const items = await repos.orders.items(order.id);
  const count = items.reduce((sum, item) => sum + item.quantity, 0);
  return {
    orderId: order.id,
    amountCents: order.total_cents,
    currency: order.currency,
    description: `${event.name}: ${count} ${count === 1 ? 'ticket' : 'tickets'}`.slice(0, 255),
    lines: items.map((item) => ({ name: `${names.get(item.ticket_type_id) ?? 'Ticket'}, ${event.name}`, quantity: item.quantity, unitPriceCents: item.unit_price_cents })),
    returnUrl: orderPageUrl(ctx, order.id),
    expiresAt: order.expires_at,
  };
}
