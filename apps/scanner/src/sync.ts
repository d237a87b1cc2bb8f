import { applyPackDelta } from '@ticketguard/protocol';
import { ApiError, isNetworkError } from '@ticketguard/web/api.ts';
import { serverNow } from '@ticketguard/web/server-clock.ts';
import { downloadPack, fetchDuplicates, uploadScans } from './gate-api.ts';
import { writeValue, type ScanRecord } from './local-db.ts';
import { packFromState } from './pack-state.ts';
import { store, type ScannerStore } from './scanner-store.ts';

/** Refresh by delta this often while online (issue 7). */
const refreshMs = 30_000;
/** After an outage peers come back around the same time, so look for duplicates more often for a while. */
const catchUpMs = 5_000;
const catchUpForMs = 60_000;
const batchSize = 500;

/**
 * Keeps a paired scanner in step with the server: uploads every recorded scan at once (in batches
 * after an outage), then fetches the pack delta and the duplicate admissions. One run at a time; a
 * trigger during a run causes one more run after it.
 */
export class Sync {
  private running = false;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private catchUpUntil = 0;

  constructor(private readonly store: ScannerStore) {}

  private started = false;

  /** Starts the loop (once); called at launch for a paired scanner and right after pairing. */
  start() {
    if (this.started) return void this.run();
    this.started = true;
    this.store.onScanRecorded = () => void this.run();
    window.addEventListener('online', () => {
      this.catchUpUntil = Date.now() + catchUpForMs;
      this.setStatus({ online: true });
      void this.run();
    });
    window.addEventListener('offline', () => this.setStatus({ online: false }));
    void this.run();
  }

  private setStatus(change: Partial<ReturnType<ScannerStore['getSnapshot']>['sync']>) {
    this.store.update({ sync: { ...this.store.getSnapshot().sync, ...change } });
  }

  async run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    const device = this.store.getSnapshot().device;
    if (!device) return;
    this.running = true;
    this.setStatus({ running: true });
    clearTimeout(this.timer);
    try {
      const uploadedAfterOutage = await this.upload(device.token);
      if (uploadedAfterOutage) this.catchUpUntil = Date.now() + catchUpForMs;
      await this.refreshPack(device.token);
      this.store.setDuplicates(await fetchDuplicates(device.token));
      this.setStatus({ online: true, lastSyncAt: serverNow().toISOString(), error: undefined });
    } catch (error) {
      // Offline is normal at a gate: the scans stay queued and the next run retries.
      if (isNetworkError(error)) this.setStatus({ online: false, error: undefined });
      else this.setStatus({ error: error instanceof ApiError ? `${error.code}: ${error.message}` : String(error) });
    } finally {
      this.running = false;
      this.setStatus({ running: false });
      this.timer = setTimeout(() => void this.run(), Date.now() < this.catchUpUntil ? catchUpMs : refreshMs);
      if (this.again) {
        this.again = false;
        void this.run();
      }
    }
  }

  /** Uploads the queue; true when it held more than a batch's worth or older scans (an outage). */
  private async upload(token: string) {
    let queue = this.store.getSnapshot().scans.filter((s) => !s.uploaded);
    const afterOutage = queue.length > 1;
    while (queue.length > 0) {
      const batch = queue.slice(0, batchSize);
      const results = await uploadScans(token, batch);
      const answers = new Map<string, Pick<ScanRecord, 'serverVerdict' | 'serverReason'>>();
      for (const r of results) answers.set(r.scanId, { serverVerdict: r.verdict, ...(r.reason ? { serverReason: r.reason } : {}) });
      await this.store.markUploaded(answers);
      queue = this.store.getSnapshot().scans.filter((s) => !s.uploaded && !answers.has(s.scanId));
    }
    return afterOutage;
  }

  private async refreshPack(token: string) {
    const state = this.store.gateState;
    if (!state) return;
    const delta = await downloadPack(token, state.cursor, () => {});
    const changed = delta.subjects.length > 0 || delta.cursor !== state.cursor;
    applyPackDelta(state, delta);
    const stored = { pack: packFromState(state), refreshedAt: serverNow().toISOString() };
    // Rewriting a large pack is not free: only when the delta brought something.
    if (changed) await writeValue('pack', stored);
    this.store.usePack(stored, state);
  }
}

export const sync = new Sync(store);
