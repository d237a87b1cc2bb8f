import {
  base64urlDecode,
  decideScan,
  parseQrText,
  type CheckIn,
  type GateState,
  type PackSubject,
  type ScanDecision,
  type ScanReason,
} from '@ticketguard/protocol';
import type { Context } from '../context.ts';
import type { CheckInsTable, ScansTable, VoucherRedemptionsTable } from '../../storage/schema.ts';
import type { Repositories } from '../../storage/store.ts';
import { queueCheckInMessages } from '../messaging/check-in-messages.ts';
import type { GateDevice } from './gate-devices.ts';
import { issueVouchers } from '../vouchers/vouchers.ts';
import { holderRef } from '../privacy/holder-ref.ts';
import { queueWebhooks } from '../webhooks/queue-webhooks.ts';
import { nodeVerifier, rememberingVerifier } from './node-verifier.ts';

export interface UploadedScan {
  scanId: string;
  qr: string;
  scannedAt: string;
  gate: string;
  /** What the scanner admits: tickets at a door (the default), vouchers at a bar. */
  mode?: 'ticket' | 'voucher';
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
 * own state, and records every one of them (refused ones too). Idempotent by `scanId`. The first
 * accepted scan of a ticket by `scannedAt` wins, even if it reaches the server later: when two
 * offline gates both admitted a ticket, the later admission is reported `already_used` with
 * `firstScan`, which is how the duplicate comes to light.
 */
export async function recordScans(ctx: Context, device: GateDevice, scans: UploadedScan[]) {
  const receivedAt = ctx.clock().toISOString();
  const eventState = await stateOfEvent(ctx, device.event_id, receivedAt);
  const verifier = await checkSignaturesFirst(eventState, scans, receivedAt);
  // Signatures are checked above; the transaction below only applies the rules to fresh state.
  return ctx.store.transaction(async (repos) => {
    // Every scan row of this batch by scanId: those stored by an earlier upload, then the new ones.
    const rows = new Map((await repos.gate.scansOf(device.id, scans.map((s) => s.scanId))).map((r) => [r.scan_id, r]));
    const state = await authoritativeState(repos, eventState, scans.filter((s) => !rows.has(s.scanId)));
    const newRows: ScansTable[] = [];
    const newCheckIns = new Map<string, CheckInsTable>();
    const redemptions: VoucherRedemptionsTable[] = [];
    const moved = new Map<string, { row: CheckInsTable; replaced: { deviceId: string; scanId: string } }>();

    for (const scan of scans) {
      if (rows.has(scan.scanId)) continue;
      const scannedAtMs = Date.parse(scan.scannedAt);
      const now = scanTime(scan, receivedAt);
      let decision: ScanDecision = await decideScan({ qr: scan.qr, state: state.gate, checkIns: noLocalCheckIns, now, verifier, expectType: scan.mode ?? 'ticket' });
      const voucher = decision.subjectId ? state.vouchers.get(decision.subjectId) : undefined;
      const subject = decision.subjectId && !voucher ? state.gate.subjects.get(decision.subjectId) : undefined;
      if (voucher && decision.verdict === 'accepted') {
        redemptions.push({ voucher_id: voucher.subject.id, gate_device_id: device.id, scan_id: scan.scanId, scanned_at: scan.scannedAt, gate: scan.gate });
        voucher.usesLeft -= 1;
        if (voucher.usesLeft <= 0) Object.assign(voucher.subject, { state: 'checked_in', checkedInAt: scan.scannedAt, gate: scan.gate });
      }
      const checkIn = subject && { ticket_id: subject.id, event_id: device.event_id, scanned_at: scan.scannedAt, gate: scan.gate, gate_device_id: device.id, scan_id: scan.scanId };
      const first = decision.firstScan;
      // Only across devices: one device's own scans come in the order it made them, even when its clock was
      // corrected in between (the Date header it learns from has whole seconds) and the times say otherwise.
      const otherDevice = subject ? state.owners.get(subject.id)?.deviceId !== device.id : false;
      if (subject && checkIn && decision.reason === 'already_used' && first && otherDevice && scannedAtMs < Date.parse(first.scannedAt)) {
        // This scan happened first: it becomes the check-in, and the one recorded becomes the duplicate.
        const owner = state.owners.get(subject.id)!;
        const demoted = rows.get(owner.scanId);
        if (demoted && demoted.gate_device_id === owner.deviceId) {
          Object.assign(demoted, { verdict: 'rejected', reason: 'already_used', first_scanned_at: scan.scannedAt, first_gate: scan.gate });
        }
        if (newCheckIns.has(subject.id)) newCheckIns.set(subject.id, checkIn);
        else moved.set(subject.id, { row: checkIn, replaced: moved.get(subject.id)?.replaced ?? owner });
        decision = { verdict: 'accepted', subjectId: subject.id };
      } else if (subject && checkIn && decision.verdict === 'accepted') {
        newCheckIns.set(subject.id, checkIn);
        subject.state = 'checked_in';
      }
      if (subject && decision.verdict === 'accepted') {
        state.owners.set(subject.id, { deviceId: device.id, scanId: scan.scanId });
        Object.assign(subject, { checkedInAt: scan.scannedAt, gate: scan.gate });
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
      };
      rows.set(scan.scanId, row);
      newRows.push(row);
    }

    await repos.gate.insertScans(newRows);
    if (newCheckIns.size > 0 || moved.size > 0 || redemptions.length > 0) {
      const version = await repos.events.nextPackVersion(device.event_id);
      await repos.gate.checkIn([...newCheckIns.values()], version);
      await queueCheckInMessages(repos, device.event_id, [...newCheckIns.keys()], receivedAt);
      for (const m of moved.values()) await repos.gate.moveCheckIn(m.row, m.replaced, version);
      await repos.vouchers.redeem(redemptions, version, receivedAt);
    }
    await queueCheckedIn(ctx, repos, device.event_id, [...newCheckIns.values()], state, receivedAt);
    const checkedIn = [...newCheckIns.keys()].map((id) => state.holders.get(id)!);
    for (const campaign of checkedIn.length > 0 ? await repos.vouchers.checkinCampaigns(device.event_id) : []) {
      await issueVouchers(repos, ctx.settings.secret, campaign, checkedIn, 'checkin', receivedAt);
    }
    return scans.map((s) => resultOf(rows.get(s.scanId)!));
  });
}

/** The organizer's `ticket.checked_in` webhooks, queued with the check-ins; holders only as pseudonyms. */
async function queueCheckedIn(ctx: Context, repos: Repositories, eventId: string, checkIns: CheckInsTable[], state: Awaited<ReturnType<typeof authoritativeState>>, now: string) {
  if (checkIns.length === 0) return;
  const organizerId = (await repos.events.find(eventId))!.organizer_id;
  const items = checkIns.map((c) => ({
    eventId,
    ticketId: c.ticket_id,
    ticketTypeId: state.gate.subjects.get(c.ticket_id)!.typeId,
    holderRef: holderRef(ctx.settings.secret, organizerId, state.holders.get(c.ticket_id)!),
    gate: c.gate,
    scannedAt: c.scanned_at,
  }));
  await queueWebhooks(repos, organizerId, 'ticket.checked_in', items, now);
}

/** The event's part of the verifier's state: its issuer keys and scan window, no subjects yet. */
async function stateOfEvent(ctx: Context, eventId: string, at: string): Promise<GateState> {
  const event = (await ctx.store.repos.events.find(eventId))!;
  const keys = await ctx.store.repos.issuerKeys.ofEvent(eventId);
  return {
    eventId,
    generatedAt: at,
    cursor: String(event.pack_version),
    windowSeconds: event.window_seconds,
    issuerKeys: new Map(keys.map((k) => [k.kid, base64urlDecode(k.public_key)])),
    subjects: new Map(),
  };
}

/**
 * Decides the whole batch once without the tickets' state, all scans at once, only to check their
 * signatures on every core while no lock is held; the real decision inside the transaction then
 * finds every signature already checked.
 */
async function checkSignaturesFirst(state: GateState, scans: UploadedScan[], receivedAt: string) {
  const verifier = rememberingVerifier(serverVerifier);
  await Promise.all(
    scans.map((scan) => decideScan({ qr: scan.qr, state, checkIns: noLocalCheckIns, now: scanTime(scan, receivedAt), verifier, expectType: scan.mode ?? 'ticket' })),
  );
  return verifier;
}

/** A device clock ahead of ours must not make a copied QR look fresh. */
const scanTime = (scan: UploadedScan, receivedAt: string) => Math.min(Date.parse(scan.scannedAt), Date.parse(receivedAt)) / 1000;

/** The server's truth about the batch's tickets, in the verifier's terms, plus who holds each check-in. */
async function authoritativeState(repos: Repositories, eventState: GateState, scans: UploadedScan[]) {
  const ids = [...new Set(scans.map((s) => subjectOf(s.qr)).filter((id): id is string => id !== undefined))];
  const tickets = await repos.gate.lockTickets(eventState.eventId, ids);
  const subjects = new Map<string, PackSubject>();
  const owners = new Map<string, { deviceId: string; scanId: string }>();
  const holders = new Map<string, string>();
  const vouchers = new Map<string, { subject: PackSubject; usesLeft: number }>();
  for (const v of await repos.vouchers.lock(eventState.eventId, ids)) {
    const subject: PackSubject = { id: v.id, seq: v.seq, state: v.state, typeId: v.campaign_id };
    if (v.state === 'checked_in' && v.last_at) subject.checkedInAt = v.last_at;
    subjects.set(v.id, subject);
    vouchers.set(v.id, { subject, usesLeft: v.per_holder - v.uses });
  }
  for (const t of tickets) {
    holders.set(t.id, t.account_id);
    const subject: PackSubject = { id: t.id, seq: t.seq, state: t.state, typeId: t.ticket_type_id };
    if (t.scanned_at) {
      subject.checkedInAt = t.scanned_at;
      subject.gate = t.gate ?? '';
      owners.set(t.id, { deviceId: t.gate_device_id!, scanId: t.scan_id! });
    }
    subjects.set(t.id, subject);
  }
  return { gate: { ...eventState, subjects }, owners, holders, vouchers };
}
