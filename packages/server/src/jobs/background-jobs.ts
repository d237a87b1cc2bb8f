import type { FastifyBaseLogger } from 'fastify';
import type { Context } from '../domain/context.ts';
import { expireHolds } from '../domain/orders/expire-holds.ts';
import { purgeExpired } from '../domain/maintenance/purge-expired.ts';
import { purgeExpiredAnswers } from '../domain/privacy/retention.ts';
import { scheduleReconciliation } from '../domain/payments/sync-payment.ts';
import { scheduleAdmissions, tickSeconds } from '../domain/waiting-room/admit-visitors.ts';
import { runDueJobs } from './run-jobs.ts';

interface Job {
  name: string;
  everySeconds: number;
  run: () => Promise<unknown>;
}

/**
 * Periodic upkeep. Each job is safe to run in several processes at once: expiring a hold is a
 * conditional update that only one process wins, purges delete what is already dead, and the job
 * queue hands each job to one process. A run still going when its next tick comes is not doubled.
 */
export function startBackgroundJobs(ctx: Context, log: FastifyBaseLogger) {
  const stopping = new AbortController();
  const jobs: Job[] = [
    { name: 'expire-holds', everySeconds: 5, run: () => expireHolds(ctx) },
    { name: 'purge-expired', everySeconds: 60, run: () => purgeExpired(ctx) },
    { name: 'retention', everySeconds: 3600, run: () => purgeExpiredAnswers(ctx, ctx.settings.retentionDays) },
    { name: 'payment-reconcile', everySeconds: ctx.settings.paymentReconcileSeconds, run: () => scheduleReconciliation(ctx) },
    { name: 'waiting-rooms', everySeconds: tickSeconds, run: () => scheduleAdmissions(ctx) },
    { name: 'job-queue', everySeconds: 1, run: () => runDueJobs(ctx, { log, signal: stopping.signal }) },
  ];
  const running = new Map<string, Promise<unknown>>();
  const timers = jobs.map((job) =>
    setInterval(() => {
      if (running.has(job.name)) return;
      const run = job
        .run()
        .catch((err: unknown) => log.error({ err, job: job.name }, 'background job failed'))
        .finally(() => running.delete(job.name));
      running.set(job.name, run);
    }, job.everySeconds * 1000).unref(),
  );
  return async function stop() {
    for (const timer of timers) clearInterval(timer);
    stopping.abort();
    await Promise.allSettled(running.values());
  };
}
