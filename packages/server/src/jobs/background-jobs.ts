import type { FastifyBaseLogger } from 'fastify';
import type { Context } from '../domain/context.ts';
import { expireHolds } from '../domain/orders/expire-holds.ts';
import { purgeExpired } from '../domain/maintenance/purge-expired.ts';
import { purgeExpiredAnswers } from '../domain/privacy/retention.ts';

interface Job {
  name: string;
  everySeconds: number;
  run: () => Promise<unknown>;
}

/**
 * Periodic upkeep. Each job is safe to run in several processes at once: expiring a hold is a
 * conditional update that only one process wins, and purges delete what is already dead.
 */
export function startBackgroundJobs(ctx: Context, log: FastifyBaseLogger) {
  const jobs: Job[] = [
    { name: 'expire-holds', everySeconds: 5, run: () => expireHolds(ctx) },
    { name: 'purge-expired', everySeconds: 60, run: () => purgeExpired(ctx) },
    { name: 'retention', everySeconds: 3600, run: () => purgeExpiredAnswers(ctx, ctx.settings.retentionDays) },
  ];
  const running = new Set<Promise<unknown>>();
  const timers = jobs.map((job) =>
    setInterval(() => {
      const run = job.run().catch((err: unknown) => log.error({ err, job: job.name }, 'background job failed'));
      running.add(run);
      void run.finally(() => running.delete(run));
    }, job.everySeconds * 1000).unref(),
  );
  return async function stop() {
    for (const timer of timers) clearInterval(timer);
    await Promise.allSettled(running);
  };
}
