import type { Context } from '../context.ts';
import { enqueueOnce } from '../../jobs/queue.ts';
import { admissionSeconds } from './admission-token.ts';
import { forgetPace } from './room-pace.ts';

/** How often a room admits its next visitors. */
export const tickSeconds = 2;
/** Automatic pacing keeps this many minutes of buying at the observed pace in the shop, within bounds. */
const autoMinutes = 3;
const autoFloor = 20;
const autoCeiling = 2000;

/**
 * Every `tickSeconds`, in every process: one `queue.admit` job per active room and time slot. Each
 * slot's job has an id of its own, so however many processes ask, the job queue runs it once.
 */
export async function scheduleAdmissions(ctx: Context) {
  const now = ctx.clock();
  const slot = Math.floor(now.getTime() / (tickSeconds * 1000));
  for (const eventId of await ctx.store.repos.waitingRooms.activeEventIds()) {
    await enqueueOnce(ctx.store.repos, `queue-admit:${eventId}:${slot}`, 'queue.admit', { eventId, slot }, now.toISOString(), now.toISOString());
  }
}

/**
 * One tick of a room: numbers the arrivals since the last tick, admits the next visitors in place
 * order, as many as the pace allows, and records the tick its estimates learn from. With `admitPerMinute` the pace is that (a token bucket
 * over the time since the last admission); without it, the room keeps `autoMinutes` of buying at the
 * pace admitted visitors actually complete orders in the shop, never more than the seats left. When
 * nothing is left to sell and nothing is held in checkouts, the room is sold out and says so to all.
 */
export async function admitVisitors(ctx: Context, { eventId }: { eventId: string }) {
  const now = ctx.clock();
  const at = now.toISOString();
  await ctx.store.transaction(async (repos) => {
    const room = await repos.waitingRooms.lock(eventId);
    if (!room?.enabled || !room.drawn_at || room.sold_out_at) return;
    // Who joined since the last tick gets the next places, in order of arrival.
    const arrivals = await repos.waitingRooms.unplaced(eventId);
    await repos.waitingRooms.placeAll(eventId, arrivals.map((a, i) => ({ accountId: a.account_id, position: room.placed + i + 1 })));
    room.placed += arrivals.length;
    const types = (await repos.events.ticketTypes(eventId)).filter((t) => t.kind === 'admission' && !t.sales_stopped_at);
    const seatsLeft = types.reduce((sum, t) => sum + Math.max(0, t.capacity - t.taken), 0);
    const held = (await repos.figures.holds(eventId, at)).tickets;
    const since = new Date(now.getTime() - admissionSeconds * 1000).toISOString();
    const shoppers = await repos.waitingRooms.shoppers(eventId, since);
    if (seatsLeft === 0 && held === 0) {
      await repos.waitingRooms.update(eventId, { sold_out_at: at, updated_at: at });
      return;
    }
    let budget = 0;
    if (!room.paused) {
      if (room.admit_per_minute) {
        // Paced from the last admission, or from the draw: the opening's first tick lets through what the time since allows.
        const elapsed = (now.getTime() - Date.parse(room.last_admitted_at ?? room.drawn_at)) / 60_000;
        budget = Math.floor(room.admit_per_minute * Math.min(elapsed, 1));
      } else {
        const completedPerMinute = await completedLately(repos, eventId, now);
        const target = Math.min(autoCeiling, Math.max(autoFloor, Math.ceil(completedPerMinute * autoMinutes)));
        budget = Math.max(0, Math.min(target - shoppers.active, seatsLeft - shoppers.active));
      }
    }
    const admitted = Math.min(budget, room.placed - room.admitted_through);
    if (admitted > 0) await repos.waitingRooms.admit(eventId, room.admitted_through, room.admitted_through + admitted, at);
    if (admitted > 0 || arrivals.length > 0) {
      await repos.waitingRooms.update(eventId, {
        placed: room.placed, admitted_through: room.admitted_through + admitted, admitted: room.admitted + admitted, updated_at: at,
        ...(admitted > 0 ? { last_admitted_at: at } : {}),
      });
    }
    await repos.waitingRooms.insertTick({ event_id: eventId, at, admitted: room.admitted + admitted, completed: shoppers.completed, waiting: room.placed - room.admitted_through - admitted });
  });
  // This process's readers see the tick at once; the others within a second.
  forgetPace(ctx, eventId);
}

/** Orders completed through the room per minute over the last five minutes, from its ticks. */
async function completedLately(repos: Context['store']['repos'], eventId: string, now: Date) {
  const ticks = await repos.waitingRooms.ticks(eventId, new Date(now.getTime() - 300_000).toISOString());
  const first = ticks[0];
  const last = ticks.at(-1);
  if (!first || !last || first === last) return 0;
  return ((last.completed - first.completed) * 60_000) / (Date.parse(last.at) - Date.parse(first.at));
}
