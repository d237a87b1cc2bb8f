import type { Context } from '../context.ts';
import type { Repositories } from '../../storage/store.ts';
import { enqueue } from '../../jobs/queue.ts';
import { announce, audienceOf, deliver } from './deliver.ts';

/**
 * Called in the transaction that records a scan batch's check-ins. It only queues one job for the
 * batch, and only when the event has a check-in message: the gate transaction holds the batch's
 * ticket locks and is the path the doors wait on, so it gets one indexed lookup and at most one
 * small insert, however many messages and holders there are. Delivery follows within a second of
 * the job runner's tick, retried on its own if it fails, and can never make a scan upload fail.
 */
export async function queueCheckInMessages(repos: Repositories, eventId: string, ticketIds: string[], now: string) {
  if (ticketIds.length === 0) return;
  if ((await repos.messages.armedOnCheckIn(eventId)).length === 0) return;
  await enqueue(repos, 'message.checkin', { eventId, ticketIds }, now, now);
}

/** The job: each check-in message of the event to the holders of the batch's tickets, set-based per message. */
export async function deliverCheckInMessages(ctx: Context, payload: { eventId: string; ticketIds: string[] }) {
  const now = ctx.clock().toISOString();
  const deliveries = await ctx.store.transaction(async (repos) => {
    const done = [];
    for (const message of await repos.messages.armedOnCheckIn(payload.eventId)) {
      const accountIds = await deliver(ctx, repos, { message, audience: audienceOf(message), now, ticketIds: payload.ticketIds });
      done.push({ message, accountIds });
    }
    return done;
  });
  for (const { message, accountIds } of deliveries) announce(ctx, message, now, accountIds);
}
