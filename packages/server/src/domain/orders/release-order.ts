import type { Repositories } from '../../storage/store.ts';
import type { OrderStatus } from './order-rules.ts';

/**
 * Ends a pending order as failed or expired and gives its seats back, in the caller's transaction.
 * The status change is conditional, so when two processes race to expire the same order only one
 * of them returns the seats.
 */
export async function releaseOrder(repos: Repositories, orderId: string, to: Extract<OrderStatus, 'failed' | 'expired'>, now: string) {
  if (!(await repos.orders.settle(orderId, to, now))) return false;
  for (const item of await repos.orders.items(orderId)) {
    await repos.orders.releaseCapacity(item.ticket_type_id, item.quantity);
  }
  return true;
}
