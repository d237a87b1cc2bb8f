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
  /** Attempt number `attempt` at a refund: sending it to the provider, or asking how it stands. */
  'refund.send': { refundId: string; attempt: number };
  /** An order's hold ran out: end its checkout at the provider and act on how the payment stands. */
  'payment.cancel': { orderId: string };
  /** Ask the providers about payments still open; one job per `PAYMENT_RECONCILE_SECONDS` slot. */
  'payment.reconcile': { slot: number };
  /** A waiting room's draw at the opening of the sale. */
  'queue.draw': { eventId: string };
  /** One tick of a waiting room: admit the next visitors; one job per room and time slot. */
  'queue.admit': { eventId: string; slot: number };
}

export type JobKind = keyof JobPayloads;

export const defaultMaxAttempts = 5;

const jobRow = <K extends JobKind>(kind: K, payload: JobPayloads[K], runAt: string, now: string) => ({
  id: randomUUID(),
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

/**
 * Queues a job in the caller's transaction: the job exists exactly when the change that needs it
 * commits, so a crash can neither lose it nor leave one behind for a change that rolled back.
 */
export async function enqueue<K extends JobKind>(repos: Repositories, kind: K, payload: JobPayloads[K], runAt: string, now: string) {
  const row = jobRow(kind, payload, runAt, now);
  await repos.jobs.insert(row);
  return row.id;
}

/**
 * A job that must exist once however many processes ask for it, under an id of its own (e.g. one
 * reconciliation per time slot): every process's timer may try, and the first insert wins.
 */
export async function enqueueOnce<K extends JobKind>(repos: Repositories, id: string, kind: K, payload: JobPayloads[K], runAt: string, now: string) {
  return repos.jobs.insertIfNew({ ...jobRow(kind, payload, runAt, now), id });
}

/** Several jobs of one kind, 500 rows a statement, e.g. one per check-in of a large scan batch. */
export async function enqueueMany<K extends JobKind>(repos: Repositories, kind: K, payloads: JobPayloads[K][], runAt: string, now: string) {
  await repos.jobs.insertMany(payloads.map((payload) => jobRow(kind, payload, runAt, now)));
}

/** Seconds to wait after the n-th failed attempt: 10, 20, 40, ... at most an hour. */
export const backoffSeconds = (attempts: number) => Math.min(10 * 2 ** Math.max(0, attempts - 1), 3600);
