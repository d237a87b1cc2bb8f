import type { Context } from '../context.ts';
import type { OrderPaymentColumns } from '../../storage/schema.ts';
import type { Repositories } from '../../storage/store.ts';
import { releaseResaleOffer } from '../exchange/settle-resale.ts';
import { enqueue } from '../../jobs/queue.ts';
import { moveOrder } from './order-rules.ts';

/**
 * Ends a pending order without tickets, in the caller's transaction: a new-ticket order gives its
 * seats back; an exchange offer puts the listing back for the next in line. The status change is
 * conditional, so when two processes race to release the same order only one of them does. A
 * checkout still open at a real provider is cancelled there by a job, after the commit.
 */
export async function releaseOrder(
  ctx: Context,
  repos: Repositories,
  orderId: string,
  to: 'failed' | 'expired' | 'needs_attention',
  now: string,
  extra: Partial<OrderPaymentColumns> = {},
) {
  if (!(await moveOrder(repos, orderId, ['pending'], to, now, extra))) return false;
  const order = (await repos.orders.find(orderId))!;
  if (order.payment_status === 'open' && order.provider !== 'sandbox') await enqueue(repos, 'payment.cancel', { orderId }, now, now);
  if (order.resale_listing_id) {
    await releaseResaleOffer(ctx, repos, order, now);
    return true;
  }
  for (const item of await repos.orders.items(orderId)) {
    await repos.orders.releaseCapacity(item.ticket_type_id, item.quantity);
  }
  return true;
}
