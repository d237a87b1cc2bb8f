import type { Context } from '../context.ts';
import { ownedEvent } from '../events/owned-event.ts';
import { holderRef } from '../privacy/holder-ref.ts';
import type { GateDevice } from './gate-devices.ts';

type AdmissionRow = Awaited<ReturnType<Context['store']['repos']['gate']['duplicateAdmissions']>>[number];

/**
 * A duplicate is a ticket that got in twice or more: two offline gates each admitted it (the scanner's
 * own verdict, `localVerdict: accepted`), and at sync the server kept the earliest scan and turned the
 * other into `already_used`. Grouped per ticket, earliest scan first.
 */
async function duplicateGroups(ctx: Context, eventId: string) {
  const groups = new Map<string, AdmissionRow[]>();
  for (const row of await ctx.store.repos.gate.duplicateAdmissions(eventId)) {
    const group = groups.get(row.subject_id!) ?? [];
    group.push(row);
    groups.set(row.subject_id!, group);
  }
  return [...groups.values()].filter((scans) => scans.length >= 2);
}

/** For the gates of the device's event: which ticket, and every admission of it (scanId lets a scanner find its own). */
export async function duplicatesForGate(ctx: Context, device: GateDevice) {
  return (await duplicateGroups(ctx, device.event_id)).map((scans) => ({
    subjectId: scans[0]!.subject_id!,
    scans: scans.map((s) => ({ scanId: s.scan_id, gate: s.gate, scannedAt: s.scanned_at, verdict: s.verdict })),
  }));
}

/** For the organizer: the same, under the holder's pairwise pseudonym, never an account id. */
export async function duplicatesForOrganizer(ctx: Context, organizerId: string, eventId: string) {
  await ownedEvent(ctx.store.repos, eventId, organizerId);
  return (await duplicateGroups(ctx, eventId)).map((scans) => ({
    holderRef: holderRef(ctx.settings.secret, organizerId, scans[0]!.account_id),
    ticketTypeId: scans[0]!.ticket_type_id,
    // conflict: a device uploaded this admission after another's and claimed the earlier time.
    scans: scans.map((s) => ({ gate: s.gate, scannedAt: s.scanned_at, receivedAt: s.received_at, verdict: s.verdict, conflict: s.conflict === 1 })),
  }));
}
