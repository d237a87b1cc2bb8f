import type { Context } from '../context.ts';
import type { WaitingRoomsTable } from '../../storage/schema.ts';
import { notFound } from '../errors.ts';
import { memoryPerContext } from '../short-memory.ts';

/** How far back the admission rate is learned from. */
const learnSeconds = 300;

export interface RoomPace {
  room: WaitingRoomsTable;
  onSaleAt: string | null;
  /** The event sells through the exchange: a sold-out queue is offered its waiting list. */
  exchange: boolean;
  /** Visitors admitted per second lately, from the room's ticks; 0 while nothing is known. */
  admittedPerSecond: number;
}

/** How long a process keeps a room's figures for its readers: a second. */
const paces = memoryPerContext<RoomPace>(1000);
const rooms = memoryPerContext<WaitingRoomsTable | undefined>(1000);

/**
 * A room and its pace as every reader in this process sees it for a second: 20,000 phones polling
 * their place cost one room read a second, not 20,000. The rate is learned from what the room actually
 * admitted over the last five minutes; before anything was admitted, it is the set pace if any.
 */
export const roomPace = (ctx: Context, eventId: string) => paces(ctx).get(eventId, () => read(ctx, eventId));

/** The event's room (or none) as the order path sees it: read at most once a second per process. */
export const roomOf = (ctx: Context, eventId: string) => rooms(ctx).get(eventId, () => ctx.store.repos.waitingRooms.find(eventId));

/** Forgets a room's figures in this process, after a change made here (a new pace, a pause). */
export function forgetPace(ctx: Context, eventId: string) {
  paces(ctx).forget(eventId);
  rooms(ctx).forget(eventId);
}

async function read(ctx: Context, eventId: string): Promise<RoomPace> {
  const repos = ctx.store.repos;
  const [room, event] = await Promise.all([repos.waitingRooms.find(eventId), repos.events.find(eventId)]);
  if (!room || !event) throw notFound('waiting room');
  const since = new Date(ctx.clock().getTime() - learnSeconds * 1000).toISOString();
  const ticks = await repos.waitingRooms.ticks(eventId, since);
  const first = ticks[0];
  const last = ticks.at(-1);
  const seconds = first && last ? (Date.parse(last.at) - Date.parse(first.at)) / 1000 : 0;
  const learned = first && last && seconds >= 10 ? (last.admitted - first.admitted) / seconds : undefined;
  return {
    room,
    onSaleAt: event.on_sale_at ?? null,
    exchange: event.transfer_mode === 'exchange',
    admittedPerSecond: learned ?? (room.admit_per_minute ? room.admit_per_minute / 60 : 0),
  };
}
