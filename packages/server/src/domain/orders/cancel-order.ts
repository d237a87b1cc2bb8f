import type { Context } from '../context.ts';
import { DomainError, notFound } from '../errors.ts';
import { releaseOrder } from './release-order.ts';

/**
 * The buyer changes their mind about a pending order: its seats go back at once (an exchange offer
 * to the next in line) and the order ends as `expired` with the reason `cancelled`. A payment that
 * still arrives for it is paid back, never honoured.
 */
export async function cancelOrder(ctx: Context, accountId: string, orderId: string) {
  const now = ctx.clock().toISOString();
  await ctx.store.transaction(async (repos) => {
    const order = await repos.orders.find(orderId);
    if (!order || order.account_id !== accountId) throw notFound('order');
    if (!(await releaseOrder(ctx, repos, orderId, 'expired', now, { status_reason: 'cancelled' }))) {
      throw new DomainError('invalid_state', `only a pending order can be cancelled; this one is ${order.status}`);
    }
  });
}
