import type { Context } from '../context.ts';
import { ownedEvent } from '../events/owned-event.ts';
import { resaleRefundReason } from '../exchange/settle-resale.ts';

export type Bucket = 'minute' | 'hour' | 'day';

/** How many characters of an ISO time name a bucket, and what completes the prefix to the bucket's start. */
const buckets: Record<Bucket, { length: number; rest: string }> = {
  minute: { length: 16, rest: ':00.000Z' },
  hour: { length: 13, rest: ':00:00.000Z' },
  day: { length: 10, rest: 'T00:00:00.000Z' },
};

/**
 * Tickets sold over time for the sales chart: per bucket (by the time the order was paid) the
 * tickets of each type and the revenue; buckets without sales are left out. Exchange resales are
 * not sales of the organizer (the seat was sold once already), so they count nowhere here.
 * `holds` are the seats pending orders keep from others right now.
 */
export async function salesOverTime(ctx: Context, organizerId: string, eventId: string, bucket: Bucket) {
  const repos = ctx.store.repos;
  await ownedEvent(repos, eventId, organizerId);
  const { length, rest } = buckets[bucket];
  const [rows, refundedCents, holds, types] = await Promise.all([
    repos.figures.salesBuckets(eventId, length),
    repos.figures.refundedCents(eventId, resaleRefundReason),
    repos.figures.holds(eventId, ctx.clock().toISOString()),
    repos.events.ticketTypes(eventId),
  ]);
  const byBucket = new Map<string, { at: string; byType: Record<string, number>; tickets: number; revenueCents: number }>();
  for (const row of rows) {
    const entry = byBucket.get(row.bucket) ?? { at: row.bucket + rest, byType: {}, tickets: 0, revenueCents: 0 };
    entry.byType[row.ticketTypeId] = row.tickets;
    entry.tickets += row.tickets;
    entry.revenueCents += row.revenueCents;
    byBucket.set(row.bucket, entry);
  }
  const list = [...byBucket.values()];
  return {
    // One event sells in one currency (ticket types are made in it); null before it has any type.
    currency: types[0]?.currency ?? null,
    buckets: list,
    totals: {
      tickets: list.reduce((sum, b) => sum + b.tickets, 0),
      revenueCents: list.reduce((sum, b) => sum + b.revenueCents, 0),
      refundedCents,
    },
    holds,
  };
}
