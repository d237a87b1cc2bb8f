import type { Context } from '../context.ts';
import { DomainError } from '../errors.ts';
import { emptyRoom } from './configure-room.ts';
import { ownedEvent } from '../events/owned-event.ts';
import { admissionSeconds } from './admission-token.ts';
import { forgetPace } from './room-pace.ts';

/**
 * The room as the organizer watches it during an on-sale: how many wait, how many were let through
 * and are shopping, how many completed an order, the pace of the last five minutes, admissions and
 * completions per minute, and the draw (seed and number of early comers, enough to replay it).
 */
export async function roomView(ctx: Context, organizerId: string, eventId: string) {
  const repos = ctx.store.repos;
  const event = await ownedEvent(repos, eventId, organizerId);
  const now = ctx.clock();
  // An event that never had a room shows one that is off and empty.
  const room = (await repos.waitingRooms.find(eventId)) ?? emptyRoom(eventId, now.toISOString());
  const shoppers = await repos.waitingRooms.shoppers(eventId, new Date(now.getTime() - admissionSeconds * 1000).toISOString());
  const unplaced = await repos.waitingRooms.unplacedCount(eventId);
  const ticks = await repos.waitingRooms.ticks(eventId, new Date(now.getTime() - 3600_000).toISOString());
  const recent = ticks.filter((t) => Date.parse(t.at) >= now.getTime() - 300_000);
  const span = recent.length > 1 ? (Date.parse(recent.at(-1)!.at) - Date.parse(recent[0]!.at)) / 60_000 : 0;
  return {
    enabled: room.enabled === 1,
    admitPerMinute: room.admit_per_minute,
    paused: room.paused === 1,
    onSaleAt: event.on_sale_at ?? null,
    draw: room.draw_seed && room.drawn_at ? { seed: room.draw_seed, drawnAt: room.drawn_at, earlyComers: room.early_count } : null,
    // Those with a place not yet let through, and those the draw or the next tick will number.
    waiting: room.placed - room.admitted_through + unplaced,
    admitted: room.admitted,
    shopping: shoppers.active,
    completed: shoppers.completed,
    admittedPerMinute: span > 0 ? Math.round(((recent.at(-1)!.admitted - recent[0]!.admitted) / span) * 10) / 10 : 0,
    soldOutAt: room.sold_out_at,
    perMinute: perMinute(ticks, room.drawn_at),
  };
}

/**
 * Admitted and completed per minute, and waiting at the end of each minute, from the cumulative ticks:
 * each minute's last tick against the last of the minute before. The draw is the zero the first
 * minute counts from, so that the opening's burst shows.
 */
function perMinute(ticks: { at: string; admitted: number; completed: number; waiting: number }[], drawnAt: string | null) {
  const points = drawnAt && ticks[0] && drawnAt <= ticks[0].at ? [{ at: drawnAt, admitted: 0, completed: 0, waiting: ticks[0].waiting }, ...ticks] : ticks;
  const lastOf = new Map<string, (typeof points)[number]>();
  for (const point of points) lastOf.set(point.at.slice(0, 16), point);
  const minutes = [...lastOf];
  return minutes.map(([minute, last], i) => {
    const before = i === 0 ? points[0]! : minutes[i - 1]![1];
    return { minute: `${minute}:00.000Z`, admitted: last.admitted - before.admitted, completed: last.completed - before.completed, waiting: last.waiting };
  });
}

/** A new pace (null: automatic) or a pause, from the next tick on, in every process within a second. */
export async function changePace(ctx: Context, organizerId: string, eventId: string, change: { admitPerMinute?: number | null; paused?: boolean }) {
  const repos = ctx.store.repos;
  await ownedEvent(repos, eventId, organizerId);
  if (!(await repos.waitingRooms.find(eventId))) throw new DomainError('invalid_state', 'this event has no waiting room: turn it on with PATCH /api/v1/events/:eventId first');
  await repos.waitingRooms.update(eventId, {
    ...(change.admitPerMinute !== undefined ? { admit_per_minute: change.admitPerMinute } : {}),
    ...(change.paused !== undefined ? { paused: change.paused ? 1 : 0 } : {}),
    updated_at: ctx.clock().toISOString(),
  });
  forgetPace(ctx, eventId);
  return roomView(ctx, organizerId, eventId);
}
