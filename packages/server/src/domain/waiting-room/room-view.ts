import type { Context } from '../context.ts';
import { notFound } from '../errors.ts';
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
  const room = await repos.waitingRooms.find(eventId);
  if (!room) throw notFound('waiting room');
  const now = ctx.clock();
  const shoppers = await repos.waitingRooms.shoppers(eventId, new Date(now.getTime() - admissionSeconds * 1000).toISOString());
  const ticks = await repos.waitingRooms.ticks(eventId, new Date(now.getTime() - 3600_000).toISOString());
  const recent = ticks.filter((t) => Date.parse(t.at) >= now.getTime() - 300_000);
  const span = recent.length > 1 ? (Date.parse(recent.at(-1)!.at) - Date.parse(recent[0]!.at)) / 60_000 : 0;
  return {
    enabled: room.enabled === 1,
    admitPerMinute: room.admit_per_minute,
    paused: room.paused === 1,
    onSaleAt: event.on_sale_at ?? null,
    draw: room.draw_seed && room.drawn_at ? { seed: room.draw_seed, drawnAt: room.drawn_at, earlyComers: room.early_count } : null,
    waiting: room.placed - room.admitted_through,
    admitted: room.admitted,
    shopping: shoppers.active,
    completed: shoppers.completed,
    admittedPerMinute: span > 0 ? Math.round(((recent.at(-1)!.admitted - recent[0]!.admitted) / span) * 10) / 10 : 0,
    soldOutAt: room.sold_out_at,
    perMinute: perMinute(ticks),
  };
}

/** The last tick of each minute against the last of the minute before: admitted and completed in it, waiting at its end. */
function perMinute(ticks: { at: string; admitted: number; completed: number; waiting: number }[]) {
  const lastOf = new Map<string, (typeof ticks)[number]>();
  for (const tick of ticks) lastOf.set(tick.at.slice(0, 16), tick);
  const minutes = [...lastOf];
  return minutes.slice(1).map(([minute, tick], i) => {
    const before = minutes[i]![1];
    return { minute: `${minute}:00.000Z`, admitted: tick.admitted - before.admitted, completed: tick.completed - before.completed, waiting: tick.waiting };
  });
}

/** A new pace (null: automatic) or a pause, from the next tick on, in every process within a second. */
export async function changePace(ctx: Context, organizerId: string, eventId: string, change: { admitPerMinute?: number | null; paused?: boolean }) {
  const repos = ctx.store.repos;
  await ownedEvent(repos, eventId, organizerId);
  if (!(await repos.waitingRooms.find(eventId))) throw notFound('waiting room');
  await repos.waitingRooms.update(eventId, {
    ...(change.admitPerMinute !== undefined ? { admit_per_minute: change.admitPerMinute } : {}),
    ...(change.paused !== undefined ? { paused: change.paused ? 1 : 0 } : {}),
    updated_at: ctx.clock().toISOString(),
  });
  forgetPace(ctx, eventId);
  return roomView(ctx, organizerId, eventId);
}
