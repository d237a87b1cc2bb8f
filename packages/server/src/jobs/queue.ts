import { randomUUID } from 'node:crypto';
import type { Repositories } from '../storage/store.ts';

/** Every kind of queued job and what it carries. */
export interface JobPayloads {
  /** Send a scheduled message (sendAt or before_start) to its audience. */
  'message.send': { messageId: string };
  /** Deliver the event's check-in messages to the holders of tickets just checked in. */
  'message.checkin': { eventId: string; ticketIds: string[] };
  /** Push a delivered message to its recipients' browsers; `subscriptionIds` retries just those. */
  'message.push': { messageId: string; deliveredAt: string; attempt: number; subscriptionIds?: string[] };
  /** Attempt number `attempt` at delivering one webhook delivery; a failed attempt queues the next. */
  'webhook.deliver': { deliveryId: string; attempt: number };
}

export type JobKind = keyof JobPayloads;

export const defaultMaxAttempts = 5;

/**
 * Queues a job in the caller's transaction: the job exists exactly when the change that needs it
 * commits, so a crash can neither lose it nor leave one behind for a change that rolled back.
 */
export async function enqueue<K extends JobKind>(repos: Repositories, kind: K, payload: JobPayloads[K], runAt: string, now: string) {
  const id = randomUUID();
  await repos.jobs.insert({
    id,
    kind,
    payload: JSON.stringify(payload),
    run_at: runAt,
    attempts: 0,
    max_attempts: defaultMaxAttempts,
    locked_by: null,
    locked_until: null,
    last_error: null,
    done_at: null,
    created_at: now,
  });
  return id;
}

/** Seconds to wait after the n-th failed attempt: 10, 20, 40, ... at most an hour. */
export const backoffSeconds = (attempts: number) => Math.min(10 * 2 ** Math.max(0, attempts - 1), 3600);
