import type { Context } from '../context.ts';
import type { WaitingRoomsTable } from '../../storage/schema.ts';
import { notFound } from '../errors.ts';

/** How far back the admission rate is learned from. */
const learnSeconds = 300;
/** How long a process keeps a room's figures for its readers. */
const freshMs = 1000;

export interface RoomPace {
  room: WaitingRoomsTable;
  onSaleAt: string | null;
  /** The event sells through the exchange: a sold-out queue is offered its waiting list. */
  exchange: boolean;
  /** Visitors admitted per second lately, from the room's ticks; 0 while nothing is known. */
  admittedPerSecond: number;
}

const cached = new WeakMap<Context, Map<string, { at: number; pace: Promise<RoomPace> }>>();

/**
 * A room and its pace as every reader in this process sees it for a second: 20,000 phones polling
 * their place cost one room read a second, not 20,000. The rate is learned from what the room actually
 * admitted over the last five minutes; before anything was admitted, it is the set pace if any.
 */
export function roomPace(ctx: Context, eventId: string): Promise<RoomPace> {
  let rooms = cached.get(ctx);
  if (!rooms) cached.set(ctx, (rooms = new Map()));
  const hit = rooms.get(eventId);
  if (hit && Date.now() - hit.at < freshMs) return hit.pace;
  const pace = read(ctx, eventId);
  if (rooms.size > 1000) rooms.clear();
  rooms.set(eventId, { at: Date.now(), pace });
  pace.catch(() => rooms.delete(eventId));
  return pace;
}

/** Forgets a room's figures in this process, after a change made here (a new pace, a pause). */
export function forgetPace(ctx: Context, eventId: string) {
  cached.get(ctx)?.delete(eventId);
  rooms.get(ctx)?.delete(eventId);
}

const rooms = new WeakMap<Context, Map<string, { at: number; room: Promise<WaitingRoomsTable | undefined> }>>();

/** The event's room (or none) as the order path sees it: read at most once a second per process. */
export function roomOf(ctx: Context, eventId: string) {
  let known = rooms.get(ctx);
  if (!known) rooms.set(ctx, (known = new Map()));
  const hit = known.get(eventId);
  if (hit && Date.now() - hit.at < freshMs) return hit.room;
  const room = ctx.store.repos.waitingRooms.find(eventId);
  if (known.size > 1000) known.clear();
  known.set(eventId, { at: Date.now(), room });
  room.catch(() => known.delete(eventId));
  return room;
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
