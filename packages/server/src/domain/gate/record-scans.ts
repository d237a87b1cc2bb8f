import {
  base64urlDecode,
  decideScan,
  defaultCheckInList,
  parseQrText,
  type CheckIn,
  type GateState,
  type PackSubject,
  type ScanDecision,
  type ScanReason,
  type SignatureVerifier,
} from '@ticketguard/protocol';
import type { Context } from '../context.ts';
import type { CheckInsTable, ProductKind, ScansTable, VoucherRedemptionsTable } from '../../storage/schema.ts';
import type { Repositories } from '../../storage/store.ts';
import { asProtocolList, listForScan } from '../check-in-lists/check-in-lists.ts';
import { packProducts } from './gate-pack.ts';
import type { GateDevice } from './gate-devices.ts';
import { nodeVerifier, rememberingVerifier } from './node-verifier.ts';
import { followEntries } from './follow-entries.ts';

export interface UploadedScan {
  scanId: string;
  qr: string;
  scannedAt: string;
  gate: string;
  /** What the scanner admits: tickets at a door (the default), vouchers at a bar. */
  mode?: 'ticket' | 'voucher';
  /** `out` at an exit lane: records that someone inside left; `in` by default. */
  direction?: 'in' | 'out';
  /** The scanner's own offline verdict; an admitted scan the server refuses as already_used is a duplicate. */
  localVerdict?: 'accepted' | 'rejected';
}

export interface ScanResult {
  scanId: string;
  verdict: 'accepted' | 'rejected';
  reason?: ScanReason;
  firstScan?: CheckIn;
}

const serverVerifier = nodeVerifier();
const noLocalCheckIns: ReadonlyMap<string, CheckIn> = new Map();

function subjectOf(qr: string) {
  try {
    return parseQrText(qr).credential.subjectId;
  } catch {
    return undefined;
  }
}

const resultOf = (row: ScansTable): ScanResult => ({
  scanId: row.scan_id,
  verdict: row.verdict,
  ...(row.reason ? { reason: row.reason as ScanReason } : {}),
  ...(row.first_scanned_at ? { firstScan: { scannedAt: row.first_scanned_at, gate: row.first_gate ?? '' } } : {}),
});

/**
 * Re-verifies uploaded scans with the shared decision of packages/protocol against the server's
 * own state on the device's check-in list, and records every one of them (refused ones too).
 * Idempotent by `scanId`. The first accepted entry of a ticket on a list by `scannedAt` wins, even if
 * it reaches the server later: when two offline gates both admitted a ticket, the later admission is
 * reported `already_used` with `firstScan`, which is how the duplicate comes to light. Exits and
 * re-entries move the ticket out and in on that list, in the order they reach the server.
 */
export async function recordScans(ctx: Context, device: GateDevice, scans: UploadedScan[]) {
  const receivedAt = ctx.clock().toISOString();
  const lists = { ticket: await listForScan(ctx.store.repos, device, 'ticket'), voucher: await listForScan(ctx.store.repos, device, 'voucher') };
  const listOf = (scan: UploadedScan) => lists[scan.mode ?? 'ticket'];
  const decisionOf = (scan: UploadedScan, state: GateState, verifier: SignatureVerifier) =>
    decideScan({ qr: scan.qr, state, checkIns: noLocalCheckIns, now: scanTime(scan, receivedAt), verifier, list: asProtocolList(listOf(scan)), direction: scan.direction ?? 'in' });
  const eventState = await stateOfEvent(ctx, device.event_id, receivedAt);
  const verifier = rememberingVerifier(serverVerifier);
  // Signatures first, all scans at once on every core while no lock is held; the transaction below
  // then finds every signature already checked and only applies the rules to fresh state.
  await Promise.all(scans.map((scan) => decisionOf(scan, eventState, verifier)));
  return ctx.store.transaction(async (repos) => {
    // Every scan row of this batch by scanId: those stored by an earlier upload, then the new ones.
    const rows = new Map((await repos.gate.scansOf(device.id, scans.map((s) => s.scanId))).map((r) => [r.scan_id, r]));
    const state = await authoritativeState(repos, eventState, lists.ticket.id, scans.filter((s) => !rows.has(s.scanId)));
    const newRows: ScansTable[] = [];
    const fresh = new Map<string, CheckInsTable>();
    const moved = new Map<string, CheckInsTable>();
    const firstAnywhere = new Set<string>();
    const redemptions: VoucherRedemptionsTable[] = [];
    const replaced = new Map<string, { row: CheckInsTable; replaced: { deviceId: string; scanId: string } }>();

    for (const scan of scans) {
      if (rows.has(scan.scanId)) continue;
      const scannedAtMs = Date.parse(scan.scannedAt);
      let decision: ScanDecision = await decisionOf(scan, state.gate, verifier);
      const voucher = decision.subjectId ? state.vouchers.get(decision.subjectId) : undefined;
      const ticket = decision.subjectId && !voucher ? state.tickets.get(decision.subjectId) : undefined;
      if (voucher && decision.verdict === 'accepted') {
        redemptions.push({ voucher_id: voucher.subject.id, gate_device_id: device.id, scan_id: scan.scanId, scanned_at: scan.scannedAt, gate: scan.gate });
        voucher.usesLeft -= 1;
        if (voucher.usesLeft <= 0) Object.assign(voucher.subject, { state: 'checked_in', checkedInAt: scan.scannedAt, gate: scan.gate });
      }
      const first = decision.firstScan;
      const entry = ticket?.checkIn;
      let disputed = false;
      // Only across devices, and only while the ticket has not moved since: one device's own scans come in
      // the order it made them, even when its clock was corrected in between (the Date header it learns
      // from has whole seconds) and the times say otherwise.
      const disputable = entry && entry.inside === 1 && entry.moved_at === entry.scanned_at && entry.gate_device_id !== device.id;
      if (ticket && entry && disputable && scan.direction !== 'out' && decision.reason === 'already_used' && first && scannedAtMs < Date.parse(first.scannedAt)) {
        // This scan happened first: it becomes the check-in, and the one recorded becomes the duplicate.
        const demoted = rows.get(entry.scan_id);
        if (demoted && demoted.gate_device_id === entry.gate_device_id) {
          Object.assign(demoted, { verdict: 'rejected', reason: 'already_used', first_scanned_at: scan.scannedAt, first_gate: scan.gate, conflict: 1 });
        }
        disputed = true;
        const previous = { deviceId: entry.gate_device_id, scanId: entry.scan_id };
        Object.assign(entry, { scanned_at: scan.scannedAt, gate: scan.gate, gate_device_id: device.id, scan_id: scan.scanId, moved_at: scan.scannedAt, moved_gate: scan.gate });
        if (!fresh.has(ticket.subject.id)) replaced.set(ticket.subject.id, { row: entry, replaced: replaced.get(ticket.subject.id)?.replaced ?? previous });
        decision = { verdict: 'accepted', subjectId: ticket.subject.id };
      } else if (ticket && decision.verdict === 'accepted') {
        move(ticket, scan, device.id, lists.ticket.id, { fresh, moved, firstAnywhere });
      }
      if (ticket && decision.verdict === 'accepted') {
        const inside = ticket.checkIn!.inside === 1;
        Object.assign(ticket.subject, { state: inside ? 'checked_in' : 'checked_out', checkedInAt: ticket.checkIn!.moved_at, gate: ticket.checkIn!.moved_gate });
      }
      const row: ScansTable = {
        gate_device_id: device.id,
        scan_id: scan.scanId,
        event_id: device.event_id,
        subject_id: decision.subjectId ?? null,
        raw: scan.qr,
        gate: scan.gate,
        verdict: decision.verdict,
        reason: decision.reason ?? null,
        first_scanned_at: decision.firstScan?.scannedAt ?? null,
        first_gate: decision.firstScan?.gate ?? null,
        scanned_at: scan.scannedAt,
        received_at: receivedAt,
        local_verdict: scan.localVerdict ?? null,
        check_in_list_id: listOf(scan).id,
        direction: scan.direction ?? 'in',
        conflict: disputed ? 1 : 0,
      };
      rows.set(scan.scanId, row);
      newRows.push(row);
    }

    await repos.gate.insertScans(newRows);
    if (fresh.size > 0 || moved.size > 0 || replaced.size > 0 || redemptions.length > 0) {
      const version = await repos.events.nextPackVersion(device.event_id);
      await repos.gate.checkIn({ fresh: [...fresh.values()], moved: [...moved.values()].filter((r) => !fresh.has(r.ticket_id)), firstAnywhere: [...firstAnywhere] }, version);
      for (const r of replaced.values()) await repos.gate.moveCheckIn(r.row, r.replaced, version);
      await repos.vouchers.redeem(redemptions, version, receivedAt);
    }
    await followEntries(ctx, repos, device.event_id, lists.ticket.name, { fresh: [...fresh.values()], firstAnywhere: [...firstAnywhere] }, (id) => {
      const ticket = state.tickets.get(id)!;
      return { typeId: ticket.subject.typeId, kind: ticket.kind, accountId: ticket.accountId };
    }, receivedAt);
    return scans.map((s) => resultOf(rows.get(s.scanId)!));
  });
}

type TicketState = Awaited<ReturnType<typeof authoritativeState>>['tickets'] extends Map<string, infer T> ? T : never;

/** A scanner's clock is corrected by whole seconds; movements closer together than this are taken in upload order. */
const clockSlackMs = 5_000;

/**
 * An accepted scan moves the ticket on the list: a first entry makes its check-in row, a re-entry or
 * an exit changes the row. A movement clearly older than the last one known (an offline gate
 * uploading late) is recorded as a scan but does not move the ticket back in time; one a few seconds
 * "older" is a corrected clock (an exit and a quick re-entry at one gate), and counts.
 */
function move(
  ticket: TicketState,
  scan: UploadedScan,
  deviceId: string,
  listId: string,
  batch: { fresh: Map<string, CheckInsTable>; moved: Map<string, CheckInsTable>; firstAnywhere: Set<string> },
) {
  const inside = scan.direction === 'out' ? 0 : 1;
  const id = ticket.subject.id;
  if (!ticket.checkIn) {
    ticket.checkIn = {
      check_in_list_id: listId, ticket_id: id, event_id: ticket.eventId, scanned_at: scan.scannedAt, gate: scan.gate, gate_device_id: deviceId,
      scan_id: scan.scanId, inside, moved_at: scan.scannedAt, moved_gate: scan.gate,
    };
    batch.fresh.set(id, ticket.checkIn);
  } else if (Date.parse(scan.scannedAt) > Date.parse(ticket.checkIn.moved_at) - clockSlackMs) {
    Object.assign(ticket.checkIn, { inside, moved_at: scan.scannedAt, moved_gate: scan.gate });
    batch.moved.set(id, ticket.checkIn);
  }
  if (inside === 1 && ticket.usedAnywhere === false) {
    ticket.usedAnywhere = true;
    batch.firstAnywhere.add(id);
  }
}

/** The event's part of the verifier's state: its issuer keys, scan window and products, no subjects yet. */
async function stateOfEvent(ctx: Context, eventId: string, at: string): Promise<GateState> {
  const repos = ctx.store.repos;
  const [event, keys, products] = await Promise.all([repos.events.find(eventId), repos.issuerKeys.ofEvent(eventId), packProducts(repos, eventId)]);
  return {
    eventId,
    generatedAt: at,
    cursor: String(event!.pack_version),
    windowSeconds: event!.window_seconds,
    issuerKeys: new Map(keys.map((k) => [k.kid, base64urlDecode(k.public_key)])),
    subjects: new Map(),
    checkInList: defaultCheckInList(),
    products: new Map(products.map((p) => [p.id, p])),
  };
}

/** A device clock ahead of ours must not make a copied QR look fresh. */
const scanTime = (scan: UploadedScan, receivedAt: string) => Math.min(Date.parse(scan.scannedAt), Date.parse(receivedAt)) / 1000;

/** The server's truth about the batch's tickets on the list, in the verifier's terms, and its vouchers. */
async function authoritativeState(repos: Repositories, eventState: GateState, listId: string, scans: UploadedScan[]) {
  const ids = [...new Set(scans.map((s) => subjectOf(s.qr)).filter((id): id is string => id !== undefined))];
  const subjects = new Map<string, PackSubject>();
  const vouchers = new Map<string, { subject: PackSubject; usesLeft: number }>();
  for (const v of await repos.vouchers.lock(eventState.eventId, ids)) {
    const subject: PackSubject = { id: v.id, seq: v.seq, state: v.state, typeId: v.campaign_id };
    if (v.state === 'checked_in' && v.last_at) subject.checkedInAt = v.last_at;
    subjects.set(v.id, subject);
    vouchers.set(v.id, { subject, usesLeft: v.per_holder - v.uses });
  }
  const tickets = new Map<string, { subject: PackSubject; eventId: string; accountId: string; kind: ProductKind; usedAnywhere: boolean; checkIn?: CheckInsTable }>();
  for (const t of await repos.gate.lockTickets(eventState.eventId, listId, ids)) {
    const checkIn = t.checkIn;
    const subject: PackSubject = { id: t.id, seq: t.seq, state: t.state === 'revoked' ? 'revoked' : 'valid', typeId: t.ticket_type_id };
    if (checkIn && t.state !== 'revoked') {
      Object.assign(subject, { state: checkIn.inside === 1 ? 'checked_in' : 'checked_out', checkedInAt: checkIn.moved_at, gate: checkIn.moved_gate });
    }
    subjects.set(t.id, subject);
    tickets.set(t.id, { subject, eventId: eventState.eventId, accountId: t.account_id, kind: t.kind, usedAnywhere: t.state !== 'valid', checkIn });
  }
  return { gate: { ...eventState, subjects }, tickets, vouchers };
}
