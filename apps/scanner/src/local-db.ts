import type { CheckIn, GatePack, ScanReason } from '@ticketguard/protocol';
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
  mode: ScanMode;
  event: { id: string; name: string; venue: string; startsAt: string; endsAt: string };
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
  localVerdict: 'accepted' | 'rejected';
  reason?: ScanReason;
  subjectId?: string;
  firstScan?: CheckIn;
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
