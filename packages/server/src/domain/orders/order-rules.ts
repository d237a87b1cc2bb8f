import type { OrderPaymentColumns, OrdersTable } from '../../storage/schema.ts';
import type { Repositories } from '../../storage/store.ts';

export type OrderStatus = OrdersTable['status'];

/**
 * Every move an order may make. A pending order holds seats until the provider reports. A payment
 * that arrives after the hold was released (`failed` or `expired`) is late: honoured as `paid` when
 * the seats are still there, else `refunded` at once. A payment reported with other figures than the
 * order's is kept aside as `needs_attention`, for the organizer, and never issues tickets.
 */
export const orderTransitions: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['paid', 'failed', 'expired', 'needs_attention'],
  failed: ['paid', 'refunded', 'needs_attention'],
  expired: ['paid', 'refunded', 'needs_attention'],
  // A late payment is claimed as paid first, then refunded in the same transaction if no seat is left.
  paid: ['refunded'],
  needs_attention: ['refunded'],
  refunded: [],
};

/**
 * Moves an order from one of `from` to `to`, if it is still in one of them (false otherwise: another
 * report moved it first). A move the table does not allow is a bug, and throws.
 */
export function moveOrder(repos: Repositories, orderId: string, from: readonly OrderStatus[], to: OrderStatus, now: string, extra: Partial<OrderPaymentColumns> = {}) {
  const refused = from.find((status) => !orderTransitions[status].includes(to));
  if (refused) throw new Error(`an order cannot move from ${refused} to ${to}`);
  return repos.payments.move(orderId, from, to, now, extra);
}
