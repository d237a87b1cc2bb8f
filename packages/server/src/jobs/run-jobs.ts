import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Context } from '../domain/context.ts';
import { addSeconds, iso } from '../domain/clock.ts';
import type { JobsTable } from '../storage/schema.ts';
import { handlers } from './handlers.ts';
import { backoffSeconds, type JobKind } from './queue.ts';

export interface RunOptions {
  /** Jobs taken per claim. */
  batch?: number;
  /** How long a claim holds a job; past it, another process may take the job (this one is presumed dead). */
  lockSeconds?: number;
  log?: { error(details: object, message: string): void };
  /** Stops taking more jobs (at shutdown); the batch in hand is finished. */
  signal?: AbortSignal;
}

/**
 * Runs every job that is due, a batch at a time, until none is left. Each job is taken by one
 * process only (see repositories/jobs.ts); a process that dies while running one holds it until
 * its lock runs out, then another process runs it again. So handlers must be idempotent, which
 * the messaging ones are: a message leaves `scheduled` once, and an inbox row exists once.
 */
export async function runDueJobs(ctx: Context, options: RunOptions = {}) {
  const batch = options.batch ?? 10;
  const lockSeconds = options.lockSeconds ?? 300;
  // One id per run, so that only this run can finish or give back the jobs it took.
  const workerId = `${hostname()}:${process.pid}:${randomUUID()}`;
  let ran = 0;
  for (;;) {
    const now = ctx.clock();
    const jobs = await ctx.store.transaction((repos) =>
      repos.jobs.claim({ workerId, now: iso(now), lockedUntil: iso(addSeconds(now, lockSeconds)), limit: batch }),
    );
    for (const job of jobs) await runOne(ctx, job, workerId, options);
    ran += jobs.length;
    if (jobs.length < batch || options.signal?.aborted) return ran;
  }
}

async function runOne(ctx: Context, job: JobsTable, workerId: string, options: RunOptions) {
  const jobs = ctx.store.repos.jobs;
  try {
    if (!Object.hasOwn(handlers, job.kind)) throw new Error(`no handler for job kind "${job.kind}"`);
    const handler = handlers[job.kind as JobKind] as (ctx: Context, payload: unknown) => Promise<void>;
    await handler(ctx, JSON.parse(job.payload));
    await jobs.complete(job.id, workerId, iso(ctx.clock()));
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
    const retryAt = iso(addSeconds(ctx.clock(), backoffSeconds(job.attempts)));
    await jobs.release(job.id, workerId, retryAt, message);
    const final = job.attempts >= job.max_attempts;
    options.log?.error({ err: error, job: { id: job.id, kind: job.kind, attempt: job.attempts } }, final ? 'job failed for the last time; giving up' : 'job failed; will retry');
  }
}
