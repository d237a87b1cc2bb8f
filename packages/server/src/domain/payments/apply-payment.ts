import type { Context } from '../context.ts';
import type { OrderPaymentColumns, OrdersTable } from '../../storage/schema.ts';
import type { Repositories } from '../../storage/store.ts';
import { fulfilOrder } from '../orders/fulfil-order.ts';
import { moveOrder } from '../orders/order-rules.ts';
import { releaseOrder } from '../orders/release-order.ts';
import type { PaymentReport } from './provider.ts';
import { queueRefund } from './refunds.ts';

type Order = OrdersTable & OrderPaymentColumns;

/**
 * Applies what the provider reports about an order's payment, in one transaction. The money rules:
 *
 * - Paid, with exactly the order's amount and currency: the order is paid and its tickets issued.
 *   Webhooks come several times and in any order, and race the reconciliation job and the buyer's
 *   return on other processes: the move to `paid` is one conditional update, so tickets are issued
 *   exactly once.
 * - Paid with other figures (12.00 for a 12.50 order, USD for EUR): kept aside as `needs_attention`
 *   with the provider's figures, seats released, nothing issued; the organizer decides.
 * - Paid after the hold was released (late): honoured if the seats are still there, else the order
 *   is `refunded` (reason `late_payment`) and the refund queued at once.
 * - Paid while the event is no longer on sale (cancelled, ended): never settled; the order is
 *   `refunded` (reason `sales_closed`) and the refund queued at once.
 * - Paid after the buyer cancelled the order: refunded (reason `cancelled`), never honoured.
 * - Failed, cancelled or expired while pending: the hold is released.
 * - Still open: only recorded.
 *
 * A report about another payment than the order's own is ignored.
 */
export async function applyPaymentReport(ctx: Context, orderId: string, report: PaymentReport) {
  const now = ctx.clock().toISOString();
  await ctx.store.transaction(async (repos) => {
    const order = await repos.orders.find(orderId);
    if (!order) return;
    if (order.payment_reference !== null && order.payment_reference !== report.reference) return;
    if (order.payment_reference === null) await repos.payments.attachCheckout(order.id, report.reference, null, now);
    await repos.payments.recordStatus(order.id, report.status, now);
    if (report.status === 'open') return;
    if (report.status !== 'paid') {
      if (order.status === 'pending') await releaseOrder(ctx, repos, order.id, report.status === 'expired' ? 'expired' : 'failed', now);
      return;
    }
    if (report.amountCents !== order.total_cents || report.currency !== order.currency) return keepAside(ctx, repos, order, report, now);
    if (order.status === 'pending' && !(await stillSelling(repos, order, now))) return salesClosed(ctx, repos, order, now);
    if (order.status === 'pending') {
      if (await moveOrder(repos, order.id, ['pending'], 'paid', now)) await fulfilOrder(ctx, repos, order, now);
      return;
    }
    if (order.status_reason === 'cancelled') return refundCancelled(repos, order, now);
    if (order.status === 'failed' || order.status === 'expired') await latePayment(ctx, repos, order, now);
  });
}

/** Paid at the provider after the buyer cancelled the order: they said they did not want it, so it is paid back. */
async function refundCancelled(repos: Repositories, order: Order, now: string) {
  if (!(await moveOrder(repos, order.id, ['expired'], 'refunded', now, { status_reason: 'cancelled' }))) return;
  await queueRefund(repos, { orderId: order.id, ticketId: null, amountCents: order.total_cents, currency: order.currency, reason: 'cancelled' }, now);
}

/** A payment counts only while its event is on sale: money that arrives after a cancellation or the end buys nothing. */
async function stillSelling(repos: Repositories, order: Order, now: string) {
  const event = await repos.events.find(order.event_id);
  return event?.status === 'on_sale' && event.ends_at > now;
}

/** Paid while pending, but sales have closed since: the seats go back and the money is refunded at once (reason `sales_closed`). */
async function salesClosed(ctx: Context, repos: Repositories, order: Order, now: string) {
  if (!(await releaseOrder(ctx, repos, order.id, 'failed', now))) return;
  await moveOrder(repos, order.id, ['failed'], 'refunded', now, { status_reason: 'sales_closed' });
  await queueRefund(repos, { orderId: order.id, ticketId: null, amountCents: order.total_cents, currency: order.currency, reason: 'sales_closed' }, now);
}

async function keepAside(ctx: Context, repos: Repositories, order: Order, report: PaymentReport, now: string) {
  const figures = { status_reason: 'amount_mismatch', reported_amount_cents: report.amountCents, reported_currency: report.currency };
  if (order.status === 'pending') await releaseOrder(ctx, repos, order.id, 'needs_attention', now, figures);
  else if (order.status === 'failed' || order.status === 'expired') await moveOrder(repos, order.id, [order.status], 'needs_attention', now, figures);
}

/**
 * The money came after the seats went back. The order is claimed first (one conditional update, so
 * one report handles it), then the seats are taken again as at a new order: all of them or none.
 * An exchange offer is not honoured late: its listing has moved on to the next in line.
 */
async function latePayment(ctx: Context, repos: Repositories, order: Order, now: string) {
  if (!(await moveOrder(repos, order.id, [order.status], 'paid', now))) return;
  if (await retakeSeats(repos, order, now)) {
    await fulfilOrder(ctx, repos, order, now);
    return;
  }
  await moveOrder(repos, order.id, ['paid'], 'refunded', now, { status_reason: 'late_payment' });
  await queueRefund(repos, { orderId: order.id, ticketId: null, amountCents: order.total_cents, currency: order.currency, reason: 'late_payment' }, now);
}

async function retakeSeats(repos: Repositories, order: Order, now: string) {
  const event = await repos.events.find(order.event_id);
  if (!event || event.status !== 'on_sale' || order.resale_listing_id) return false;
  const items = (await repos.orders.items(order.id)).sort((a, b) => a.ticket_type_id.localeCompare(b.ticket_type_id));
  if (event.max_tickets_per_account !== null) {
    await repos.orders.lockAccount(order.account_id);
    const wanted = items.reduce((sum, item) => sum + item.quantity, 0);
    if ((await repos.orders.countForAccount(order.account_id, event.id, now)) + wanted > event.max_tickets_per_account) return false;
  }
  const taken: typeof items = [];
  for (const item of items) {
    if (!(await repos.orders.takeCapacity(item.ticket_type_id, item.quantity))) {
      for (const back of taken) await repos.orders.releaseCapacity(back.ticket_type_id, back.quantity);
      return false;
    }
    taken.push(item);
  }
  return true;
}
