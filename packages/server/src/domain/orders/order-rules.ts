import type { OrdersTable } from '../../storage/schema.ts';

export type OrderStatus = OrdersTable['status'];

/** A pending order holds seats; every other status is final. */
export const orderTransitions: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['paid', 'failed', 'expired'],
  paid: [],
  failed: [],
  expired: [],
};

/** Statuses that give the held seats back. */
export const releasesCapacity = (status: OrderStatus) => status === 'failed' || status === 'expired';
