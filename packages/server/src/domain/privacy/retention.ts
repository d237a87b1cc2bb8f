import type { Context } from '../context.ts';

/**
 * Profile answers given to an organizer are kept `retentionDays` after that organizer's last event
 * the visitor holds a ticket for, then deleted; answers of a visitor who holds none any more go at
 * once. Returns how many (visitor, organizer) sets of answers were purged.
 */
export async function purgeExpiredAnswers(ctx: Context, retentionDays: number) {
  const cutoff = new Date(ctx.clock().getTime() - retentionDays * 86_400_000).toISOString();
  let purged = 0;
  await ctx.store.transaction(async (repos) => {
    for (const holder of await repos.privacy.answerHolders()) {
      const lastEnd = holder.last_event_end as string | null;
      if (lastEnd !== null && lastEnd > cutoff) continue;
      await repos.privacy.deleteAnswers(holder.account_id, holder.organizer_id);
      purged += 1;
    }
  });
  return purged;
}
