import { applyPackDelta, createWebCryptoVerifier, decideScan, gateStateFromPack, type CheckIn, type GateState } from '@ticketguard/protocol';
import { serverNow } from '@ticketguard/web/server-clock.ts';
import type { Duplicate } from './gate-api.ts';
import { allDeltas, allScans, clearAll, readValue, replacePack, saveScans, writeValue, type PairedDevice, type ScanMode, type ScanRecord, type StoredPack } from './local-db.ts';
import { packFromState, percentile95 } from './pack-state.ts';

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
  pack?: { cursor: string; generatedAt: string; refreshedAt: string; subjects: number };
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
  private checkIns = new Map<string, CheckIn>();
  private durations: number[] = [];
  private decisions = 0;
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
    const [device, stored, deltas, refreshedAt, scans] = await Promise.all([
      readValue<PairedDevice>('device'), readValue<StoredPack>('pack'), allDeltas(), readValue<string>('pack-refreshed-at'), allScans(),
    ]);
    if (!device || !stored) return this.update({ phase: 'unpaired' });
    scans.sort((a, b) => a.scannedAt.localeCompare(b.scannedAt));
    for (const scan of scans) this.remember(scan);
    const state = gateStateFromPack(stored.pack);
    for (const delta of deltas) applyPackDelta(state, delta);
    const lastRefresh = refreshedAt ?? stored.refreshedAt;
    // A long night of deltas is folded into the pack at start, before the doors are busy.
    if (deltas.length > 50) await replacePack({ pack: packFromState(state), refreshedAt: lastRefresh });
    this.usePack(lastRefresh, state);
    this.update({ phase: 'ready', device, scans });
  }

  /** Keeps the pairing and the first full pack; both are stored before the scanner says it is ready. */
  async paired(device: PairedDevice, pack: unknown) {
    const state = gateStateFromPack(pack);
    const stored = { pack: packFromState(state), refreshedAt: serverNow().toISOString() };
    await replacePack(stored);
    await writeValue('device', device);
    this.usePack(stored.refreshedAt, state);
    this.update({ phase: 'ready', device });
  }

  usePack(refreshedAt: string, state: GateState) {
    if (this.state !== state) void this.warmUp(state);
    this.state = state;
    this.update({ pack: { cursor: state.cursor, generatedAt: state.generatedAt, refreshedAt, subjects: state.subjects.size } });
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

  async saveDevice(change: Partial<Pick<PairedDevice, 'gate' | 'mode'>>) {
    const device = { ...this.snapshot.device!, ...change };
    await writeValue('device', device);
    this.update({ device });
  }

  async unpair() {
    await clearAll();
    this.state = undefined;
    this.checkIns.clear();
    this.durations = [];
    this.update({ phase: 'unpaired', device: undefined, pack: undefined, scans: [], duplicates: [], last: undefined, timings: { last: 0, p95: 0, count: 0 } });
  }

  private remember(scan: ScanRecord) {
    if (scan.localVerdict === 'accepted' && scan.subjectId && !this.checkIns.has(scan.subjectId)) {
      this.checkIns.set(scan.subjectId, { scannedAt: scan.scannedAt, gate: scan.gate });
    }
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
    const scannedAt = serverNow();
    const started = performance.now();
    const decision = await decideScan({ qr, state, checkIns: this.checkIns, now: scannedAt.getTime() / 1000, verifier: this.verifier, expectType: device.mode });
    const decisionMs = performance.now() - started;

    const record: ScanRecord = {
      scanId: crypto.randomUUID(),
      qr: qr.slice(0, 2048),
      scannedAt: scannedAt.toISOString(),
      gate: device.gate,
      mode: device.mode,
      localVerdict: decision.verdict,
      decisionMs,
      uploaded: false,
      ...(decision.reason ? { reason: decision.reason } : {}),
      ...(decision.subjectId ? { subjectId: decision.subjectId } : {}),
      ...(decision.firstScan ? { firstScan: decision.firstScan } : {}),
      ...(decision.unknownInPack ? { unknownInPack: true } : {}),
    };
    if (decision.verdict === 'accepted' && decision.subjectId) {
      this.remember(record);
      // PROTOCOL.md section 4.10: a higher seq than the pack's (rebound since) updates our copy.
      const row = state.subjects.get(decision.subjectId);
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
}

export const store = new ScannerStore();
