import type { Context } from '../context.ts';
import { DomainError, notFound } from '../errors.ts';
import { applyPaymentReport } from '../payments/apply-payment.ts';
import { expireHolds } from './expire-holds.ts';
import { orderView } from './order-view.ts';

export type PaymentOutcome = 'paid' | 'failed';

/**
 * The sandbox provider's "pay" or "fail" button, as if a provider had reported it. A repeated report
 * of the same outcome changes nothing. Unlike a real payment, a sandbox payment after the hold
 * expired is refused: no money moved, so there is nothing to honour or refund.
 */
export async function settleSandboxOrder(ctx: Context, orderId: string, outcome: PaymentOutcome) {
  const order = await ctx.store.repos.orders.find(orderId);
  if (!order) throw notFound('order');
  if (order.provider !== 'sandbox') throw new DomainError('invalid_state', `this order is paid through ${order.provider}, not the sandbox`);
  if (order.status === 'pending' && order.expires_at <= ctx.clock().toISOString()) await expireHolds(ctx, { eventId: order.event_id });
  const current = (await ctx.store.repos.orders.find(orderId))!;
  if (current.status === 'expired') throw new DomainError('invalid_state', 'the order expired before it was paid; its tickets were released');
  if (current.status === 'pending') {
    const report = { reference: current.payment_reference ?? `sandbox_${orderId}`, status: outcome, amountCents: current.total_cents, currency: current.currency };
    await applyPaymentReport(ctx, orderId, report);
  } else if (current.status !== outcome) {
    throw new DomainError('invalid_state', `the order is already ${current.status}`);
  }
  return orderView(ctx, orderId);
}
