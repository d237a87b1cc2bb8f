import type { OrdersTable } from '../../storage/schema.ts';

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

/** The statuses an order can come from to reach `to`. */
export const fromStatuses = (to: OrderStatus) =>
  (Object.keys(orderTransitions) as OrderStatus[]).filter((from) => orderTransitions[from].includes(to));
