import type { Context } from '../context.ts';
import type { Repositories } from '../../storage/store.ts';
import { releaseResaleOffer } from '../exchange/settle-resale.ts';
import type { OrderStatus } from './order-rules.ts';

/**
 * Ends a pending order as failed or expired, in the caller's transaction: a new-ticket order gives
 * its seats back; an exchange offer puts the listing back for the next in line. The status change
 * is conditional, so when two processes race to expire the same order only one of them releases.
 */
export async function releaseOrder(ctx: Context, repos: Repositories, orderId: string, to: Extract<OrderStatus, 'failed' | 'expired'>, now: string) {
  if (!(await repos.orders.settle(orderId, to, now))) return false;
  const order = (await repos.orders.find(orderId))!;
  if (order.resale_listing_id) {
    await releaseResaleOffer(ctx, repos, order, now);
    return true;
  }
  for (const item of await repos.orders.items(orderId)) {
    await repos.orders.releaseCapacity(item.ticket_type_id, item.quantity);
  }
  return true;
}
