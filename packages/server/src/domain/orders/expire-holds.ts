import type { Context } from '../context.ts';
import { releaseOrder } from './release-order.ts';

/**
 * Expires pending orders whose hold ran out and returns their seats. Run by the background job and
 * on read (event page, order page, a sold-out answer), so capacity comes back even when no job ran.
 * Looks first without a write lock: most calls find nothing and must stay cheap.
 */
export async function expireHolds(ctx: Context, scope: { eventId?: string; limit?: number } = {}) {
  const now = ctx.clock().toISOString();
  const ids = await ctx.store.repos.orders.expiredPendingIds(now, scope.limit ?? 500, scope.eventId);
  if (ids.length === 0) return 0;
  return ctx.store.transaction(async (repos) => {
    let expired = 0;
    for (const id of ids) if (await releaseOrder(ctx, repos, id, 'expired', now)) expired += 1;
    return expired;
  });
}
