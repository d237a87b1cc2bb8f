import type { Repositories } from '../../storage/store.ts';
import type { EventsTable, WaitingRoomsTable } from '../../storage/schema.ts';
import { enqueueOnce } from '../../jobs/queue.ts';
import { DomainError } from '../errors.ts';

export interface SaleOpening {
  /** When the sale opens; null: at once. */
  onSaleAt?: string | null;
  waitingRoom?: { enabled: boolean; admitPerMinute?: number | null };
}

/** A room as it starts: nobody in it, nobody admitted, not drawn. */
export const emptyRoom = (eventId: string, now: string): WaitingRoomsTable => ({
  event_id: eventId, enabled: 0, admit_per_minute: null, paused: 0, placed: 0, draw_seed: null, drawn_at: null, early_count: 0,
  admitted_through: 0, admitted: 0, last_admitted_at: null, sold_out_at: null, updated_at: now,
});

/**
 * Sets when an event's sale opens and whether a waiting room paces it, in the caller's transaction
 * (event creation or edit). The draw is queued as a job at the opening; once it has run, the
 * opening is history and cannot move.
 */
export async function configureOpening(repos: Repositories, event: EventsTable, input: SaleOpening, now: string) {
  if (input.onSaleAt === undefined && input.waitingRoom === undefined) return;
  const room = (await repos.waitingRooms.lock(event.id)) ?? emptyRoom(event.id, now);
  const onSaleAt = input.onSaleAt === undefined ? (event.on_sale_at ?? null) : input.onSaleAt ? new Date(input.onSaleAt).toISOString() : null;
  if (room.drawn_at && onSaleAt !== (event.on_sale_at ?? null)) {
    throw new DomainError('invalid_state', 'the waiting room was drawn at the opening; onSaleAt cannot change any more');
  }
  if (onSaleAt && Date.parse(onSaleAt) >= Date.parse(event.ends_at)) throw new DomainError('invalid_request', 'onSaleAt must be before endsAt', 'onSaleAt');
  if (onSaleAt !== (event.on_sale_at ?? null)) await repos.events.update(event.id, { on_sale_at: onSaleAt });
  const settings = input.waitingRoom;
  const next: WaitingRoomsTable = {
    ...room,
    enabled: settings ? (settings.enabled ? 1 : 0) : room.enabled,
    admit_per_minute: settings?.admitPerMinute !== undefined ? settings.admitPerMinute : room.admit_per_minute,
    updated_at: now,
  };
  await repos.waitingRooms.save(next);
  if (next.enabled && !next.drawn_at) {
    // The draw runs at the opening, or at once for a sale already open; its id makes it one job however often this runs.
    const at = onSaleAt && onSaleAt > now ? onSaleAt : now;
    await enqueueOnce(repos, `queue-draw:${event.id}:${at}`, 'queue.draw', { eventId: event.id }, at, now);
  }
}
