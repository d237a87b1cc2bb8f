import { purgeExpired } from '../domain/maintenance/purge-expired.ts';
import { expireHolds } from '../domain/orders/expire-holds.ts';
import { purgeExpiredAnswers } from '../domain/privacy/retention.ts';
import { withContext } from './context.ts';

export const purge = {
  usage: 'purge                        run the retention purge now (RETENTION_DAYS), expire run-out holds, forget stale proofs and sessions',
  async run(_options: Record<string, string>, _positional: string[], env: Record<string, string | undefined>) {
    await withContext(env, async (ctx) => {
      const answerSets = await purgeExpiredAnswers(ctx, ctx.settings.retentionDays);
      const holds = await expireHolds(ctx, { limit: 100_000 });
      await purgeExpired(ctx);
      console.log(`retention (${ctx.settings.retentionDays} days): purged the profile answers of ${answerSets} visitor-organizer pair(s); expired ${holds} hold(s)`);
    });
  },
};
