import type { Context } from '../context.ts';
import { ownedEvent } from '../events/owned-event.ts';
import { holderRef } from '../privacy/holder-ref.ts';
import { slug, toCsv } from './csv.ts';

/**
 * An event's orders for the organizer's bookkeeping, one row per order of any status. The buyer
 * appears only as the pairwise pseudonym the organizer sees everywhere else.
 */
export async function ordersCsv(ctx: Context, organizerId: string, eventId: string) {
  const event = await ownedEvent(ctx.store.repos, eventId, organizerId);
  const rows = await ctx.store.repos.exports.ordersOfEvent(eventId);
  const csv = toCsv(
    ['orderId', 'status', 'createdAt', 'paidAt', 'holderRef', 'tickets', 'totalCents', 'refundedCents', 'currency', 'resale'],
    rows.map((o) => [
      o.id,
      o.status,
      o.created_at,
      o.status === 'paid' ? o.settled_at : '',
      holderRef(ctx.settings.secret, organizerId, o.account_id),
      Number(o.tickets),
      o.total_cents,
      Number(o.refunded ?? 0),
      o.currency,
      o.resale_listing_id ? 'yes' : 'no',
    ]),
  );
  return { filename: `${slug(event.name)}-orders.csv`, csv };
}

/** Every check-in of the event, in scan order: which ticket, whose (pseudonym), when, where, by which device. */
export async function checkInsCsv(ctx: Context, organizerId: string, eventId: string) {
  const event = await ownedEvent(ctx.store.repos, eventId, organizerId);
  const rows = await ctx.store.repos.exports.checkInsOfEvent(eventId);
  const csv = toCsv(
    ['ticketId', 'ticketTypeId', 'ticketType', 'holderRef', 'scannedAt', 'gate', 'device'],
    rows.map((c) => [c.ticket_id, c.ticket_type_id, c.ticket_type, holderRef(ctx.settings.secret, organizerId, c.account_id), c.scanned_at, c.gate, c.device]),
  );
  return { filename: `${slug(event.name)}-check-ins.csv`, csv };
}
