import { randomBytes } from 'node:crypto';
import type { Context } from '../context.ts';
import { drawOrder } from './draw-order.ts';
import { forgetPace } from './room-pace.ts';

/**
 * The job at the opening: everyone who joined before `onSaleAt` gets a place in a uniformly random
 * order drawn from a fresh seed, which is recorded with their number; those who joined after the
 * opening but before this job ran follow in order of arrival, as everyone joining later will (each
 * tick numbers them). Runs once: a second run (another process, a retry) finds the room drawn.
 */
export async function drawQueue(ctx: Context, { eventId }: { eventId: string }) {
  const now = ctx.clock().toISOString();
  await ctx.store.transaction(async (repos) => {
    const room = await repos.waitingRooms.lock(eventId);
    const event = await repos.events.find(eventId);
    if (!room || !event || room.drawn_at || !room.enabled) return;
    // A job queued for an opening that has since moved later: the job of the new opening draws.
    if (event.on_sale_at && event.on_sale_at > now) return;
    const arrivals = await repos.waitingRooms.unplaced(eventId);
    const opening = event.on_sale_at ?? now;
    const early = arrivals.filter((a) => a.joined_at < opening);
    const late = arrivals.filter((a) => a.joined_at >= opening);
    const seed = randomBytes(32).toString('hex');
    // The early comers, numbered 1..n in order of arrival, are what the seed shuffles: seed and order replay it.
    const drawn = drawOrder(seed, early.length).map((rank) => early[rank - 1]!);
    const places = [...drawn, ...late].map((a, i) => ({ accountId: a.account_id, position: i + 1 }));
    await repos.waitingRooms.placeAll(eventId, places);
    await repos.waitingRooms.update(eventId, { draw_seed: seed, drawn_at: now, early_count: early.length, placed: places.length, updated_at: now });
  });
  forgetPace(ctx, eventId);
}
