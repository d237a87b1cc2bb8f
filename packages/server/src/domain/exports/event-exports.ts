import type { Context } from '../context.ts';
import { ownedEvent } from '../events/owned-event.ts';
import { holderRef } from '../privacy/holder-ref.ts';
import { slug, toCsv } from './csv.ts';
import { ownedList } from '../check-in-lists/check-in-lists.ts';

/**
 * An event's orders for the organizer's bookkeeping, one row per order of any status. The buyer
 * appears only as the pairwise pseudonym the organizer sees everywhere else.
 */
export async function ordersCsv(ctx: Context, organizerId: string, eventId: string) {
  const event = await ownedEvent(ctx.store.repos, eventId, organizerId);
  const [rows, items] = await Promise.all([ctx.store.repos.exports.ordersOfEvent(eventId), ctx.store.repos.exports.itemsOfEvent(eventId)]);
  const itemsOf = new Map<string, string[]>();
  for (const i of items) itemsOf.set(i.order_id, [...(itemsOf.get(i.order_id) ?? []), `${i.quantity} × ${i.name}`]);
  const csv = toCsv(
    ['orderId', 'status', 'createdAt', 'paidAt', 'holderRef', 'tickets', 'items', 'totalCents', 'refundedCents', 'currency', 'resale'],
    rows.map((o) => [
      o.id,
      o.status,
      o.created_at,
      o.status === 'paid' ? o.settled_at : '',
      holderRef(ctx.settings.secret, organizerId, o.account_id),
      Number(o.tickets),
      (itemsOf.get(o.id) ?? []).join(', '),
      o.total_cents,
      Number(o.refunded ?? 0),
      o.currency,
      o.resale_listing_id ? 'yes' : 'no',
    ]),
  );
  return { filename: `${slug(event.name)}-orders.csv`, csv };
}

/**
 * Every entry and exit of the event (or of one check-in list), in scan order: which ticket (its handle
 * of the holder list, never its id, so that nothing links a visitor across an erasure), whose
 * (pseudonym), which list, in or out, when, where, by which device.
 */
export async function checkInsCsv(ctx: Context, organizerId: string, eventId: string, listId?: string) {
  const event = await ownedEvent(ctx.store.repos, eventId, organizerId);
  const list = listId ? await ownedList(ctx.store.repos, organizerId, eventId, listId) : undefined;
  const rows = await ctx.store.repos.exports.checkInsOfEvent(eventId, listId);
  const csv = toCsv(
    ['ticket', 'ticketTypeId', 'ticketType', 'kind', 'holderRef', 'list', 'direction', 'scannedAt', 'gate', 'device'],
    rows.map((c) => [
      c.ticket ?? '', c.ticket_type_id, c.ticket_type, c.kind, holderRef(ctx.settings.secret, organizerId, c.account_id), c.list ?? '', c.direction, c.scanned_at, c.gate, c.device,
    ]),
  );
  return { filename: `${slug(event.name)}-${list ? `${slug(list.name)}-` : ''}check-ins.csv`, csv };
}
