import { GATE_PACK_FORMAT, type GatePack, type PackProduct, type SubjectRow } from '@ticketguard/protocol';
import type { Context } from '../context.ts';
import type { CheckInListsTable } from '../../storage/schema.ts';
import type { Repositories } from '../../storage/store.ts';
import { asProtocolList, listForScan, typeIdsOf } from '../check-in-lists/check-in-lists.ts';
import { DomainError, notFound } from '../errors.ts';
import type { GateDevice } from './gate-devices.ts';

/** Cursors are the event's pack version as text; opaque to scanners, which only pass them back. */
function parseCursor(since: string | undefined) {
  if (since === undefined || since === '') return 0;
  if (!/^\d{1,15}$/.test(since)) throw new DomainError('invalid_request', 'since must be a cursor returned by an earlier pack');
  return Number(since);
}

/**
 * The gate pack of PROTOCOL.md section 5 for the device's check-in list (the event's default ticket
 * list for a device without one): every ticket and voucher of the event as
 * `[id, seq, state, typeId, checkedInAt?, gate?]` with its state on that list, or with `since` only the
 * rows changed after that cursor; plus the list itself and the event's products, so that a scanner can
 * tell a visitor at the wrong entrance where to go. The version is read before the rows, so a change
 * racing with this read is at worst sent twice, never missed.
 */
export async function buildGatePack(ctx: Context, device: GateDevice, since?: string): Promise<GatePack> {
  const sinceVersion = parseCursor(since);
  const repos = ctx.store.repos;
  const event = await repos.events.find(device.event_id);
  if (!event) throw notFound('event');
  if (sinceVersion > event.pack_version) throw new DomainError('invalid_request', 'since is a cursor this event has not reached');
  const list = await listForScan(repos, device, 'ticket');
  const [keys, rows, vouchers, products] = await Promise.all([
    repos.issuerKeys.ofEvent(event.id),
    repos.gate.packRows(event.id, list.id, sinceVersion),
    repos.vouchers.packRows(event.id, sinceVersion),
    packProducts(repos, event.id),
  ]);
  const subjects = rows.map((r): SubjectRow => {
    if (r.state === 'revoked' || r.inside === null || r.moved_at === null) return [r.id, r.seq, r.state === 'revoked' ? 'revoked' : 'valid', r.ticket_type_id];
    return [r.id, r.seq, r.inside === 1 ? 'checked_in' : 'checked_out', r.ticket_type_id, r.moved_at, r.moved_gate ?? ''];
  });
  // Vouchers ride in the same pack, with their campaign where a ticket has its type (section 5).
  for (const v of vouchers) subjects.push([v.id, v.seq, v.state, v.campaign_id]);
  return {
    format: GATE_PACK_FORMAT,
    eventId: event.id,
    generatedAt: ctx.clock().toISOString(),
    cursor: String(event.pack_version),
    windowSeconds: event.window_seconds,
    issuerKeys: keys.map((k) => ({ kid: k.kid, publicKey: k.public_key })),
    subjects,
    checkInList: asProtocolList(list),
    ticketTypes: products,
  };
}

/** Whether a list admits a product: named by it, or a list of every type (admission types only, for tickets). */
function admits(list: CheckInListsTable, product: { id: string; kind: PackProduct['kind'] }) {
  if ((product.kind === 'voucher') !== (list.mode === 'voucher')) return false;
  const ids = typeIdsOf(list);
  return ids === null ? product.kind !== 'addon' : ids.includes(product.id);
}

/** The event's ticket types and voucher campaigns, each with the names of the lists that admit it. */
export async function packProducts(repos: Repositories, eventId: string): Promise<PackProduct[]> {
  const [types, campaigns, lists] = await Promise.all([repos.events.ticketTypes(eventId), repos.vouchers.campaignsOf({ eventId }), repos.checkInLists.ofEvent(eventId)]);
  const products = [
    ...types.map((t) => ({ id: t.id, name: t.name, kind: t.kind as PackProduct['kind'] })),
    ...campaigns.map((c) => ({ id: c.id, name: c.name, kind: 'voucher' as const })),
  ];
  return products.map((p) => ({ ...p, lists: lists.filter((l) => admits(l, p)).map((l) => l.name) }));
}
