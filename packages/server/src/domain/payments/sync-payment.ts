import type { Context } from '../context.ts';
import { addSeconds } from '../clock.ts';
import { enqueueOnce, type JobPayloads } from '../../jobs/queue.ts';
import { applyPaymentReport } from './apply-payment.ts';
import { isProviderError } from './provider.ts';

/**
 * Asks the provider how an order's payment stands and acts on its answer: the one way a report
 * reaches an order, whether a webhook, the reconciliation job or the buyer's return asked for it.
 * Nothing in a webhook's body is believed; it only says whom to ask. `quietly` swallows the
 * provider's errors (the buyer's page asks again); `minAgeSeconds` skips a payment asked about
 * that recently.
 */
export async function syncPayment(ctx: Context, orderId: string, options: { quietly?: boolean; minAgeSeconds?: number } = {}) {
  const repos = ctx.store.repos;
  const order = await repos.orders.find(orderId);
  if (!order?.payment_reference || order.provider === 'sandbox') return;
  if (options.minAgeSeconds && order.payment_checked_at && addSeconds(new Date(order.payment_checked_at), options.minAgeSeconds) > ctx.clock()) return;
  try {
    const provider = await ctx.payments.forOrder(repos, order);
    const report = await provider.getPayment(order.payment_reference);
    if (report) await applyPaymentReport(ctx, order.id, report);
  } catch (error) {
    if (!(options.quietly && isProviderError(error))) throw error;
  }
}

/**
 * Every `PAYMENT_RECONCILE_SECONDS`: asks the provider about payments it has not settled, least
 * recently asked first, so a lost webhook costs a minute and never a sale. Covers payments whose
 * hold ran out, too: an iDEAL payment cannot be cancelled and may still be paid. One payment the
 * provider cannot answer for does not stop the others.
 */
export async function reconcilePayments(ctx: Context, _payload: JobPayloads['payment.reconcile'], limit = 200) {
  const now = ctx.clock();
  const before = addSeconds(now, -ctx.settings.paymentReconcileSeconds / 2).toISOString();
  const monthAgo = addSeconds(now, -30 * 86_400).toISOString();
  const failures: string[] = [];
  for (const id of await ctx.store.repos.payments.unsettled(before, monthAgo, limit)) {
    try {
      await syncPayment(ctx, id);
    } catch (error) {
      if (!isProviderError(error)) throw error;
      failures.push(`${id}: ${error.message}`);
    }
  }
  if (failures.length > 0) ctx.log?.warn({ failures: failures.slice(0, 10), count: failures.length }, 'some payments could not be reconciled; they are asked again next time');
}

/**
 * Queues this slot's reconciliation. Every process's timer calls this; the slot's job id makes it one
 * job, and the queue gives it to one process.
 */
export async function scheduleReconciliation(ctx: Context) {
  const now = ctx.clock();
  const slot = Math.floor(now.getTime() / 1000 / ctx.settings.paymentReconcileSeconds);
  const at = now.toISOString();
  return enqueueOnce(ctx.store.repos, `payment.reconcile:${slot}`, 'payment.reconcile', { slot }, at, at);
}

/**
 * The hold of an order ran out: ends its checkout at the provider where the provider allows it
 * (a Stripe session is expired; a Mollie payment cancelled if it can be), and acts on how the payment
 * stands afterwards: it may have been paid just before, which is then a late payment.
 */
export async function cancelCheckout(ctx: Context, { orderId }: JobPayloads['payment.cancel']) {
  const repos = ctx.store.repos;
  const order = await repos.orders.find(orderId);
  if (!order?.payment_reference || order.payment_status !== 'open') return;
  const provider = await ctx.payments.forOrder(repos, order);
  const report = await provider.cancelCheckout(order.payment_reference);
  if (report) await applyPaymentReport(ctx, order.id, report);
}
