import { GATE_PACK_FORMAT, type GatePack, type SubjectRow } from '@ticketguard/protocol';
import type { Context } from '../context.ts';
import { DomainError, notFound } from '../errors.ts';
import type { GateDevice } from './gate-devices.ts';

/** Cursors are the event's pack version as text; opaque to scanners, which only pass them back. */
function parseCursor(since: string | undefined) {
  if (since === undefined || since === '') return 0;
  if (!/^\d{1,15}$/.test(since)) throw new DomainError('invalid_request', 'since must be a cursor returned by an earlier pack');
  return Number(since);
}

/**
 * The gate pack of PROTOCOL.md section 5 for the device's event: every ticket as
 * `[id, seq, state, ticketTypeId, checkedInAt?, gate?]`, or with `since` only the rows changed
 * after that cursor. The version is read before the rows, so a change racing with this read is at
 * worst sent twice, never missed.
 */
export async function buildGatePack(ctx: Context, device: GateDevice, since?: string): Promise<GatePack> {
  const sinceVersion = parseCursor(since);
  const repos = ctx.store.repos;
  const event = await repos.events.find(device.event_id);
  if (!event) throw notFound('event');
  if (sinceVersion > event.pack_version) throw new DomainError('invalid_request', 'since is a cursor this event has not reached');
  const keys = await repos.issuerKeys.ofEvent(event.id);
  const rows = await repos.gate.packRows(event.id, sinceVersion);
  const subjects = rows.map((r): SubjectRow => {
    const row: SubjectRow = [r.id, r.seq, r.state, r.ticket_type_id];
    if (r.state === 'checked_in' && r.scanned_at) row.push(r.scanned_at, r.gate ?? '');
    return row;
  });
  // Vouchers ride in the same pack, with their campaign where a ticket has its type (section 5).
  for (const v of await repos.vouchers.packRows(event.id, sinceVersion)) subjects.push([v.id, v.seq, v.state, v.campaign_id]);
  return {
    format: GATE_PACK_FORMAT,
    eventId: event.id,
    generatedAt: ctx.clock().toISOString(),
    cursor: String(event.pack_version),
    windowSeconds: event.window_seconds,
    issuerKeys: keys.map((k) => ({ kid: k.kid, publicKey: k.public_key })),
    subjects,
  };
}
