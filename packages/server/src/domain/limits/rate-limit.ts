import type { Context } from '../context.ts';
import { DomainError } from '../errors.ts';

/**
 * Allows `limit` hits per `windowSeconds` for a key such as `claim:ip:203.0.113.7`, counted in the
 * shared database so that the limit holds however many server processes there are.
 */
export async function rateLimit(ctx: Context, key: string, limit: number, windowSeconds: number) {
  const now = ctx.clock().getTime();
  const windowStart = new Date(now - (now % (windowSeconds * 1000))).toISOString();
  const hits = await ctx.store.repos.rateLimits.hit(key, windowStart);
  if (hits > limit) throw new DomainError('rate_limited', `too many attempts; try again in ${windowSeconds} seconds`);
}
