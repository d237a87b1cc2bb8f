import { defaultCheckInList, type CheckIn, type CheckInList, type Direction, type PackSubject, type ScanDecision } from '@ticketguard/protocol';
import type { PairedDevice, ScanRecord } from './local-db.ts';

/**
 * The check-in list a scan is decided for. A device bound to a list scans for it alone, and its pack
 * is made for that list. A device without one scans tickets for the pack's list (the event's default
 * ticket list) or, in voucher mode, vouchers for the default voucher list, which the pack does not name.
 */
export function scanList(device: Pick<PairedDevice, 'mode' | 'checkInList'>, packList: CheckInList): CheckInList {
  if (device.checkInList || device.mode === 'ticket') return packList;
  return defaultCheckInList('voucher');
}

/** A voucher is redeemed, never walked out with: exits exist on ticket lists only. */
export const directionOn = (list: CheckInList, device: Pick<PairedDevice, 'direction'>): Direction =>
  list.mode === 'ticket' ? device.direction : 'in';

/**
 * This device's last movement of each subject on one list, from its own accepted scans in the order
 * they were made: an entry sets `in`, an exit `out`. Scans made for another list (before the device
 * was moved, or in the other mode) do not count.
 */
export function movementsOn(listId: string, scans: readonly ScanRecord[]) {
  const movements = new Map<string, CheckIn>();
  for (const scan of scans) addMovement(movements, listId, scan);
  return movements;
}

export function addMovement(movements: Map<string, CheckIn>, listId: string, scan: ScanRecord) {
  if (scan.localVerdict !== 'accepted' || !scan.subjectId || scan.listId !== listId) return;
  movements.set(scan.subjectId, { scannedAt: scan.scannedAt, gate: scan.gate, direction: scan.direction ?? 'in' });
}

/**
 * What the movement an `already_used` names is, when it is not simply the first entry: the visitor's
 * exit (they came in, went out, and this list has no re-entry), or on a list with re-entry their
 * latest entry. Staff then read "left at" or "inside since", not a "first scanned at" that never was.
 */
export function movementShown(decision: ScanDecision, list: CheckInList, row: PackSubject | undefined, movements: ReadonlyMap<string, CheckIn>) {
  const shown = decision.firstScan;
  if (decision.reason !== 'already_used' || !shown || !decision.subjectId) return undefined;
  const mine = movements.get(decision.subjectId);
  const exit = (mine?.direction === 'out' && mine.scannedAt === shown.scannedAt) || (row?.state === 'checked_out' && row.checkedInAt === shown.scannedAt);
  return exit ? 'exit' : list.allowReentry ? 'entry' : undefined;
}
