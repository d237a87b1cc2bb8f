import type { CheckIn, CheckInList, Direction, GatePack, ScanReason } from '@ticketguard/protocol';
import { indexedDatabase, promised } from '@ticketguard/web/idb.ts';

/**
 * The scanner's own storage: IndexedDB, so the pairing, the gate pack and every scan survive a reload,
 * a crash or a night without network. Stores: `kv` (device, the pack as downloaded), `deltas` (the
 * pack deltas since, in order) and `scans` (by scanId). Deltas are appended rather than rewriting a
 * pack of 100,000 rows every 30 seconds, which would stall the page that must answer every scan.
 */

export type ScanMode = 'ticket' | 'voucher';

export interface PairedDevice {
  token: string;
  deviceId: string;
  /** The gate name written on every scan; the device's name by default. */
  gate: string;
  /** Tickets or vouchers; chosen by staff only on a device without a list of its own. */
  mode: ScanMode;
  /** Entry or exit lane, remembered like the gate name; only ticket lists have exits. */
  direction: Direction;
  /** The organizer's list for this device (GET /gate/device), refreshed on every full sync; null: the event's default lists. */
  checkInList: CheckInList | null;
  event: { id: string; name: string; venue: string; startsAt: string; endsAt: string };
}

/** The count of the device's list at the server, with when it was heard, to show offline for what it is. */
export interface Presence {
  listId: string;
  inside: number;
  at: string;
}

export interface StoredPack {
  pack: GatePack;
  /** When this device last heard from the server about the pack (full or delta), ISO. */
  refreshedAt: string;
}

/** One scan as decided at this gate; uploaded once, then updated with the server's verdict. */
export interface ScanRecord {
  scanId: string;
  qr: string;
  scannedAt: string;
  gate: string;
  mode: ScanMode;
  direction: Direction;
  /** The list the scan was decided for; only scans of the current list count as this device's movements. */
  listId: string;
  localVerdict: 'accepted' | 'rejected';
  reason?: ScanReason;
  subjectId?: string;
  firstScan?: CheckIn;
  /**
   * With already_used, when `firstScan` is not simply the first entry: `exit` the visitor's exit (this
   * list has no re-entry), `entry` their latest entry on a list with re-entry (they are inside).
   */
  firstScanIs?: 'exit' | 'entry';
  /** From the pack row: the ticket type or voucher campaign, to say where a code refused as not_admitted_here belongs. */
  typeId?: string;
  /** Accepted although the pack does not know it yet (issued after the last refresh). */
  unknownInPack?: boolean;
  decisionMs: number;
  uploaded: boolean;
  serverVerdict?: 'accepted' | 'rejected';
  serverReason?: ScanReason;
}

const database = indexedDatabase('tg-scanner', 1, (db) => {
  db.createObjectStore('kv');
  db.createObjectStore('deltas', { autoIncrement: true });
  db.createObjectStore('scans', { keyPath: 'scanId' });
});
const inTransaction = database.transaction;

export const readValue = <T>(key: string) =>
  inTransaction(['kv'], 'readonly', (tx) => promised(tx.objectStore('kv').get(key) as IDBRequest<T | undefined>));

export const writeValue = (key: string, value: unknown) =>
  inTransaction(['kv'], 'readwrite', (tx) => void tx.objectStore('kv').put(value, key));

export const allDeltas = () =>
  inTransaction(['deltas'], 'readonly', (tx) => promised(tx.objectStore('deltas').getAll() as IDBRequest<GatePack[]>));

/** Appends a delta and records when the pack was last refreshed, in one transaction. */
export const appendDelta = (delta: GatePack | undefined, refreshedAt: string) =>
  inTransaction(['kv', 'deltas'], 'readwrite', (tx) => {
    if (delta) tx.objectStore('deltas').add(delta);
    tx.objectStore('kv').put(refreshedAt, 'pack-refreshed-at');
  });

/** Replaces the stored pack and its deltas by one merged pack (at pairing, and now and then at start). */
export const replacePack = (stored: StoredPack) =>
  inTransaction(['kv', 'deltas'], 'readwrite', (tx) => {
    tx.objectStore('kv').put(stored, 'pack');
    tx.objectStore('kv').put(stored.refreshedAt, 'pack-refreshed-at');
    tx.objectStore('deltas').clear();
  });

export const allScans = () =>
  inTransaction(['scans'], 'readonly', (tx) => promised(tx.objectStore('scans').getAll() as IDBRequest<ScanRecord[]>));

export const saveScans = (scans: ScanRecord[]) =>
  inTransaction(['scans'], 'readwrite', (tx) => {
    for (const scan of scans) tx.objectStore('scans').put(scan);
  });

/** Forgets the pairing, the pack and the scans (the caller makes sure the queue is empty). */
export const clearAll = () =>
  inTransaction(['kv', 'deltas', 'scans'], 'readwrite', (tx) => {
    tx.objectStore('kv').clear();
    tx.objectStore('deltas').clear();
    tx.objectStore('scans').clear();
  });
