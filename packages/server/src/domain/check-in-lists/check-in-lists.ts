import { randomUUID } from 'node:crypto';
import type { CheckInList } from '@ticketguard/protocol';
import type { Context } from '../context.ts';
import type { CheckInListsTable } from '../../storage/schema.ts';
import type { Repositories } from '../../storage/store.ts';
import { DomainError, notFound } from '../errors.ts';
import { ownedEvent } from '../events/owned-event.ts';

export interface ListInput {
  name: string;
  /** Ticket type ids (campaign ids for a voucher list); null: every admission type (every campaign). */
  ticketTypeIds: string[] | null;
  allowReentry?: boolean;
  mode?: CheckInListsTable['mode'];
}

/** The two lists every event has from its creation: the entrance for every admission ticket, and the bar for every voucher. */
export function defaultLists(eventId: string, now: string): CheckInListsTable[] {
  const list = (name: string, mode: CheckInListsTable['mode']): CheckInListsTable => ({
    id: randomUUID(), event_id: eventId, name, mode, type_ids: null, allow_reentry: 0, is_default: 1, created_at: now, deleted_at: null,
  });
  return [list('Entrance', 'ticket'), list('Vouchers', 'voucher')];
}

export const typeIdsOf = (list: Pick<CheckInListsTable, 'type_ids'>): string[] | null => (list.type_ids === null ? null : (JSON.parse(list.type_ids) as string[]));

/** A list row in the protocol's terms, as the gate pack and the scan decision use it. */
export const asProtocolList = (list: CheckInListsTable): CheckInList => ({
  id: list.id,
  name: list.name,
  ticketTypeIds: typeIdsOf(list),
  allowReentry: list.allow_reentry === 1,
  mode: list.mode,
});

/** Every id must be a ticket type (or, for a voucher list, a campaign) of this event. */
async function checkTypes(repos: Repositories, eventId: string, mode: CheckInListsTable['mode'], ids: string[] | null) {
  if (ids === null) return null;
  const known = new Set(
    mode === 'voucher'
      ? (await repos.vouchers.campaignsOf({ eventId })).map((c) => c.id)
      : (await repos.events.ticketTypes(eventId)).map((t) => t.id),
  );
  const what = mode === 'voucher' ? 'voucher campaign' : 'ticket type';
  for (const id of ids) {
    if (!known.has(id)) throw new DomainError('invalid_request', `ticketTypeIds: ${id} is not a ${what} of this event`, 'ticketTypeIds');
  }
  return JSON.stringify([...new Set(ids)]);
}

/**
 * A list of the organizer's own: e.g. "VIP area" admitting the VIP type with re-entry, or "Car park
 * P1" admitting the parking add-on. Gate devices are then bound to it.
 */
export async function createList(ctx: Context, organizerId: string, eventId: string, input: ListInput) {
  return ctx.store.transaction(async (repos) => {
    await ownedEvent(repos, eventId, organizerId);
    const mode = input.mode ?? 'ticket';
    const row: CheckInListsTable = {
      id: randomUUID(),
      event_id: eventId,
      name: input.name.trim(),
      mode,
      type_ids: await checkTypes(repos, eventId, mode, input.ticketTypeIds),
      allow_reentry: input.allowReentry ? 1 : 0,
      is_default: 0,
      created_at: ctx.clock().toISOString(),
      deleted_at: null,
    };
    await repos.checkInLists.insert([row]);
    return row;
  });
}

/** A list of this organizer's event; anything else is "not found". */
export async function ownedList(repos: Repositories, organizerId: string, eventId: string, listId: string) {
  await ownedEvent(repos, eventId, organizerId);
  const list = await repos.checkInLists.find(listId);
  if (!list || list.event_id !== eventId) throw notFound('check-in list');
  return list;
}

/** Renames a list, changes what it admits or whether it allows re-entry. A default list always admits every type. */
export async function updateList(ctx: Context, organizerId: string, eventId: string, listId: string, input: Partial<Omit<ListInput, 'mode'>>) {
  return ctx.store.transaction(async (repos) => {
    const list = await ownedList(repos, organizerId, eventId, listId);
    if (input.ticketTypeIds !== undefined && list.is_default === 1 && input.ticketTypeIds !== null) {
      throw new DomainError('invalid_request', 'ticketTypeIds: a default list admits every type; add a list of your own for some types', 'ticketTypeIds');
    }
    await repos.checkInLists.update(listId, {
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.ticketTypeIds !== undefined ? { type_ids: await checkTypes(repos, eventId, list.mode, input.ticketTypeIds) } : {}),
      ...(input.allowReentry !== undefined ? { allow_reentry: input.allowReentry ? 1 : 0 } : {}),
    });
    // Scanners learn of the change with their next pack delta.
    await repos.events.nextPackVersion(eventId);
    return (await repos.checkInLists.find(listId))!;
  });
}

/** Deletes a list nobody scans for any more; its check-ins and scans stay for the record. */
export async function deleteList(ctx: Context, organizerId: string, eventId: string, listId: string) {
  await ctx.store.transaction(async (repos) => {
    const list = await ownedList(repos, organizerId, eventId, listId);
    if (list.is_default === 1) throw new DomainError('invalid_state', 'the default lists of an event cannot be deleted');
    const devices = await repos.checkInLists.devicesUsing(listId);
    if (devices > 0) {
      throw new DomainError('list_in_use', `${devices} gate device${devices === 1 ? '' : 's'} scan${devices === 1 ? 's' : ''} for this list; move ${devices === 1 ? 'it' : 'them'} to another list first`);
    }
    await repos.checkInLists.update(listId, { deleted_at: ctx.clock().toISOString() });
  });
}

/**
 * The list a scan is decided for: the device's own, or without one the event's default ticket list
 * (or its voucher list for a scan at a bar).
 */
export async function listForScan(repos: Repositories, device: { event_id: string; check_in_list_id: string | null }, mode: CheckInListsTable['mode']) {
  const own = device.check_in_list_id ? await repos.checkInLists.find(device.check_in_list_id) : undefined;
  return own ?? repos.checkInLists.defaultOf(device.event_id, mode);
}
