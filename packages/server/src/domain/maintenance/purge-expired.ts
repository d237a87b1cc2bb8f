import type { Context } from '../context.ts';
import { endListings } from '../exchange/settle-resale.ts';

const idempotencyKeepSeconds = 24 * 3600;

/** Forgets what has no use any more: old DPoP proof ids and passkey challenges, expired sessions, day-old idempotency keys. */
export async function purgeExpired(ctx: Context) {
  const now = ctx.clock();
  const repos = ctx.store.repos;
  await repos.accounts.forgetExpiredJtis(now.toISOString());
  await repos.passkeys.forgetExpiredChallenges(now.toISOString());
  await repos.rateLimits.deleteBefore(new Date(now.getTime() - 3600 * 1000).toISOString());
  await repos.organizers.deleteExpiredSessions(now.toISOString());
  await repos.idempotency.deleteOlderThan(new Date(now.getTime() - idempotencyKeepSeconds * 1000).toISOString());
  // Listings of events that are over end, as if by hand: nobody can use a ticket bought after the end.
  if ((await repos.exchange.openListedTickets({ endedBy: now.toISOString() })).length > 0) {
    await ctx.store.transaction((trx) => endListings(ctx, trx, { endedBy: now.toISOString() }, now.toISOString()));
  }
}
