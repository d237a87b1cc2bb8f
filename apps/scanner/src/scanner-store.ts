import { applyPackDelta, createWebCryptoVerifier, decideScan, gateStateFromPack, type CheckIn, type CheckInList, type Direction, type GateState } from '@ticketguard/protocol';
import { serverNow } from '@ticketguard/web/server-clock.ts';
import type { Duplicate } from './gate-api.ts';
import { allDeltas, allScans, clearAll, readValue, replacePack, saveScans, writeValue, type PairedDevice, type Presence, type ScanMode, type ScanRecord, type StoredPack } from './local-db.ts';
import { packFromState, percentile95 } from './pack-state.ts';
import { addMovement, directionOn, movementShown, movementsOn, scanList } from './scan-list.ts';

/** The P-256 base point, compressed: a valid public key that no holder uses, for the warm-up. */
const p256Generator = Uint8Array.from(
  '036b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296'.match(/../g)!.map((byte) => parseInt(byte, 16)),
);

export interface SyncStatus {
  running: boolean;
  online: boolean;
  lastSyncAt?: string;
  error?: string;
}

export interface Snapshot {
  phase: 'loading' | 'unpaired' | 'ready';
  device?: PairedDevice;
  /** `checkInList`: the list the pack was made for (see scanList for the one a scan is decided for). */
  pack?: { cursor: string; generatedAt: string; refreshedAt: string; subjects: number; checkInList: CheckInList };
  /** The last count of the device's list heard from the server. */
  presence?: Presence;
  /** Every scan of this device, oldest first. */
  scans: readonly ScanRecord[];
  /** Tickets admitted twice or more, where one of the admissions was this device's. */
  duplicates: readonly Duplicate[];
  /** The scan on the verdict screen; `count` tells two equal verdicts apart. */
  last?: { record: ScanRecord; count: number };
  sync: SyncStatus;
  timings: { last: number; p95: number; count: number };
}

/**
 * The scanner's state and its one hot path, `scan`: the shared decision of packages/protocol on the
 * server-corrected clock against the gate pack plus this device's own admissions, recorded before the
 * next scan. Everything slow (IndexedDB, network) happens after the verdict.
 */
export class ScannerStore {
  private snapshot: Snapshot = { phase: 'loading', scans: [], duplicates: [], sync: { running: false, online: navigator.onLine }, timings: { last: 0, p95: 0, count: 0 } };
  private listeners = new Set<() => void>();
  private state: GateState | undefined;
  /** This device's last movement per subject on the list it scans for now; rebuilt when that list changes. */
  private movements: { listId: string; bySubject: Map<string, CheckIn> } | undefined;
  private durations: number[] = [];
  private decisions = 0;
  /** When this device's last scan was stamped (ms); see `stamp`. */
  private lastStampMs = 0;
  private readonly verifier = createWebCryptoVerifier();
  /** Called after every recorded scan, so the sync can upload it at once. */
  onScanRecorded: () => void = () => {};

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.snapshot;

  update(change: Partial<Snapshot>) {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }

  async load() {
    const [saved, stored, deltas, refreshedAt, scans, presence] = await Promise.all([
      readValue<PairedDevice>('device'), readValue<StoredPack>('pack'), allDeltas(), readValue<string>('pack-refreshed-at'), allScans(), readValue<Presence>('presence'),
    ]);
    if (!saved || !stored) return this.update({ phase: 'unpaired' });
    // Paired before lists and exits existed: an entry lane of the default lists.
    const device: PairedDevice = { ...saved, direction: saved.direction ?? 'in', checkInList: saved.checkInList ?? null };
    scans.sort((a, b) => a.scannedAt.localeCompare(b.scannedAt));
    this.lastStampMs = scans.length ? Date.parse(scans[scans.length - 1]!.scannedAt) : 0;
    const state = gateStateFromPack(stored.pack);
    for (const delta of deltas) applyPackDelta(state, delta);
    const lastRefresh = refreshedAt ?? stored.refreshedAt;
    // A long night of deltas is folded into the pack at start, before the doors are busy.
    if (deltas.length > 50) await replacePack({ pack: packFromState(state), refreshedAt: lastRefresh });
    this.usePack(lastRefresh, state);
    this.update({ phase: 'ready', device, scans, ...(presence ? { presence } : {}) });
  }

  /** Keeps the pairing and the first full pack; both are stored before the scanner says it is ready. */
  async paired(device: PairedDevice, pack: unknown) {
    await this.useFullPack(pack);
    await writeValue('device', device);
    this.update({ phase: 'ready', device });
  }

  /** Stores a full pack in place of the old one and its deltas (at pairing, and after the device was moved to another list). */
  async useFullPack(pack: unknown) {
    const state = gateStateFromPack(pack);
    const stored = { pack: packFromState(state), refreshedAt: serverNow().toISOString() };
    await replacePack(stored);
    this.usePack(stored.refreshedAt, state);
  }

  usePack(refreshedAt: string, state: GateState) {
    if (this.state !== state) void this.warmUp(state);
    this.state = state;
    this.update({ pack: { cursor: state.cursor, generatedAt: state.generatedAt, refreshedAt, subjects: state.subjects.size, checkInList: state.checkInList } });
  }

  /**
   * Runs both signature paths once before the first visitor arrives: the runtime's Ed25519 probe, the
   * issuer keys' import and WebCrypto's ECDSA set-up otherwise land on the first scan (~10-20 ms).
   */
  private async warmUp(state: GateState) {
    const signature = new Uint8Array(64);
    for (const key of state.issuerKeys.values()) await this.verifier.ed25519(key, new Uint8Array(1), signature);
    await this.verifier.p256(p256Generator, new Uint8Array(1), signature);
  }

  get gateState() {
    return this.state;
  }

  async saveDevice(change: Partial<Omit<PairedDevice, 'token' | 'deviceId'>>) {
    const device = { ...this.snapshot.device!, ...change };
    // Shown at once: a switch that waits for storage would flick back under the finger.
    this.update({ device });
    await writeValue('device', device);
  }

  async unpair() {
    await clearAll();
    this.state = undefined;
    this.movements = undefined;
    this.durations = [];
    this.update({ phase: 'unpaired', device: undefined, pack: undefined, presence: undefined, scans: [], duplicates: [], last: undefined, timings: { last: 0, p95: 0, count: 0 } });
  }

  private movementsOn(listId: string) {
    if (this.movements?.listId !== listId) this.movements = { listId, bySubject: movementsOn(listId, this.snapshot.scans) };
    return this.movements.bySubject;
  }

  private deciding: Promise<unknown> = Promise.resolve();

  /**
   * Decides one scanned text, shows it, and records it; never throws. Decisions run one at a time, so
   * a ticket typed twice in quick succession is admitted once.
   */
  async scan(text: string) {
    const decided = this.deciding.then(() => this.decide(text));
    this.deciding = decided.catch(() => undefined);
    const record = await decided;
    if (!record) return;
    await saveScans([record]);
    this.onScanRecorded();
  }

  private async decide(text: string) {
    const device = this.snapshot.device;
    const state = this.state;
    if (!device || !state) return;
    const qr = text.trim();
    const scannedAt = this.stamp();
    const list = scanList(device, state.checkInList);
    const direction = directionOn(list, device);
    const checkIns = this.movementsOn(list.id);
    const started = performance.now();
    const decision = await decideScan({ qr, state, checkIns, now: scannedAt.getTime() / 1000, verifier: this.verifier, list, direction });
    const decisionMs = performance.now() - started;
    const row = decision.subjectId ? state.subjects.get(decision.subjectId) : undefined;
    const firstScanIs = movementShown(decision, list, row, checkIns);

    const record: ScanRecord = {
      scanId: crypto.randomUUID(),
      qr: qr.slice(0, 2048),
      scannedAt: scannedAt.toISOString(),
      gate: device.gate,
      mode: list.mode,
      direction,
      listId: list.id,
      localVerdict: decision.verdict,
      decisionMs,
      uploaded: false,
      ...(decision.reason ? { reason: decision.reason } : {}),
      ...(decision.subjectId ? { subjectId: decision.subjectId } : {}),
      ...(decision.firstScan ? { firstScan: decision.firstScan } : {}),
      ...(firstScanIs ? { firstScanIs } : {}),
      ...(decision.typeId ? { typeId: decision.typeId } : {}),
      ...(decision.unknownInPack ? { unknownInPack: true } : {}),
    };
    if (decision.verdict === 'accepted' && decision.subjectId) {
      addMovement(checkIns, list.id, record);
      // PROTOCOL.md section 4.10: a higher seq than the pack's (rebound since) updates our copy.
      if (row && decision.seq !== undefined && decision.seq > row.seq) row.seq = decision.seq;
    }
    this.durations.push(decisionMs);
    if (this.durations.length > 1000) this.durations.shift();
    this.update({
      scans: [...this.snapshot.scans, record],
      last: { record, count: ++this.decisions },
      timings: { last: decisionMs, p95: percentile95(this.durations), count: this.durations.length },
    });
    return record;
  }

  /**
   * The server-corrected time for a scan, never earlier than this device's previous scan. The Date
   * header the clock learns from has whole seconds, so each answer may move the clock back by up to
   * a second; an exit and the re-entry right after it would then reach the server in the wrong order
   * of time, and it would not let the visitor back in. A larger step back is a real correction and kept.
   */
  private stamp() {
    const now = serverNow().getTime();
    const ms = now < this.lastStampMs && this.lastStampMs - now < 2000 ? this.lastStampMs + 1 : now;
    this.lastStampMs = ms;
    return new Date(ms);
  }

  dismissVerdict() {
    if (this.snapshot.last) this.update({ last: undefined });
  }

  /** Applies the server's answers to uploaded scans and stores them. */
  async markUploaded(results: Map<string, Pick<ScanRecord, 'serverVerdict' | 'serverReason'>>) {
    const changed: ScanRecord[] = [];
    const scans = this.snapshot.scans.map((scan) => {
      const result = results.get(scan.scanId);
      if (!result) return scan;
      const updated = { ...scan, uploaded: true, ...result };
      changed.push(updated);
      return updated;
    });
    await saveScans(changed);
    this.update({ scans });
  }

  setDuplicates(all: Duplicate[]) {
    const mine = new Set(this.snapshot.scans.map((s) => s.scanId));
    this.update({ duplicates: all.filter((d) => d.scans.some((s) => mine.has(s.scanId))) });
  }

  setMode(mode: ScanMode) {
    return this.saveDevice({ mode });
  }

  setDirection(direction: Direction) {
    return this.saveDevice({ direction });
  }

  async setPresence(presence: Presence) {
    await writeValue('presence', presence);
    this.update({ presence });
  }
}

export const store = new ScannerStore();
