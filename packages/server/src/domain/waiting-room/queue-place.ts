import type { Context } from '../context.ts';
import type { QueueEntriesTable, WaitingRoomsTable } from '../../storage/schema.ts';
import { DomainError, notFound } from '../errors.ts';
import { admissionSeconds, admissionToken } from './admission-token.ts';
import { saleCatalog } from '../orders/sale-catalog.ts';
import { roomOf, roomPace } from './room-pace.ts';

export type PlaceState = 'drawing' | 'waiting' | 'admitted' | 'used' | 'expired' | 'sold_out';

/**
 * One place per account: the first join records the arrival, a repeat answers the same place. A
 * join is one insert that touches no shared row, so a crowd's joins do not wait on each other; the
 * draw at the opening numbers the early comers (`drawing` until then), and each room tick the
 * arrivals since, in order of arrival.
 */
export async function joinQueue(ctx: Context, accountId: string, eventId: string) {
  const now = ctx.clock().toISOString();
  const existing = await ctx.store.repos.waitingRooms.entry(eventId, accountId);
  if (existing) return { created: false, place: await placeOf(ctx, eventId, existing) };
  const repos = ctx.store.repos;
  // A second-old copy of the event will do: a join sells nothing, and the order checks the sale itself.
  const event = (await saleCatalog(ctx, eventId))?.event;
  if (!event || event.status === 'draft') throw notFound('event');
  if (!(await roomOf(ctx, eventId))?.enabled) throw new DomainError('invalid_state', 'this event has no waiting room: order directly');
  if (event.status !== 'on_sale') throw new DomainError('invalid_state', `tickets for this event are not on sale (${event.status})`);
  const row: QueueEntriesTable = { event_id: eventId, account_id: accountId, position: null, joined_at: now, admitted_at: null, order_id: null };
  const created = await repos.waitingRooms.insertEntry(row);
  const entry = created ? row : ((await repos.waitingRooms.entry(eventId, accountId)) ?? row);
  return { created, place: await placeOf(ctx, eventId, entry) };
}

/** The account's place, or 404 when it has none. */
export async function myPlace(ctx: Context, accountId: string, eventId: string) {
  const entry = await ctx.store.repos.waitingRooms.entry(eventId, accountId);
  if (!entry) throw notFound('place in the queue');
  return placeOf(ctx, eventId, entry);
}

/**
 * Where an entry stands: its place, how many are ahead, and the wait estimated from the pace the
 * room actually admitted at lately. Admission is in place order, so an entry is admitted exactly when
 * its place is at or below the room's `admitted_through`; the room is read from a cache shared by
 * every reader in this process (see room-pace.ts), so a read costs the entry row and nothing more.
 */
export async function placeOf(ctx: Context, eventId: string, entry: QueueEntriesTable) {
  return (await standing(ctx, eventId, entry)).place;
}

/** The place, and the entry as last read: a stream keeps it, so that it is read again only when it changed. */
export async function standing(ctx: Context, eventId: string, entry: QueueEntriesTable) {
  const pace = await roomPace(ctx, eventId);
  const room = pace.room;
  const now = ctx.clock();
  let current = entry;
  // Drawn or admitted since this entry was read: read it again for its place or its admission time.
  if ((current.position === null && room.drawn_at) || (current.admitted_at === null && current.position !== null && current.position <= room.admitted_through)) {
    current = (await ctx.store.repos.waitingRooms.entry(eventId, entry.account_id)) ?? current;
  }
  const paid = current.order_id !== null && (await ctx.store.repos.orders.find(current.order_id))?.status === 'paid';
  const state = stateOf(current, room, now, paid);
  // Not numbered yet after the draw (the next tick numbers it): everyone numbered is ahead.
  const ahead = current.position === null ? (room.drawn_at ? room.placed - room.admitted_through : null) : Math.max(0, current.position - room.admitted_through - 1);
  const perSecond = pace.admittedPerSecond;
  const place = {
    position: current.position,
    ahead,
    state,
    // Paused: nobody is let through, so no time can honestly be given.
    estimatedWaitSeconds: state === 'waiting' && ahead !== null && perSecond > 0 && !room.paused ? Math.ceil((ahead + 1) / perSecond) : null,
    ...(state === 'drawing' ? { drawAt: pace.onSaleAt } : {}),
    ...(state === 'admitted' && current.admitted_at ? { admission: admissionToken(ctx.settings.secret, eventId, entry.account_id, current.admitted_at).token, admissionExpiresAt: new Date(Date.parse(current.admitted_at) + admissionSeconds * 1000).toISOString() } : {}),
    ...(state === 'sold_out' ? { exchangeWaitlist: pace.exchange } : {}),
  };
  return { place, entry: current };
}

function stateOf(entry: QueueEntriesTable, room: WaitingRoomsTable, now: Date, paid: boolean): PlaceState {
  if (entry.admitted_at) {
    if (paid) return 'used';
    return Date.parse(entry.admitted_at) + admissionSeconds * 1000 > now.getTime() ? 'admitted' : 'expired';
  }
  if (room.sold_out_at) return 'sold_out';
  return entry.position === null && !room.drawn_at ? 'drawing' : 'waiting';
}
