import { applyPackDelta } from '@ticketguard/protocol';
import { ApiError, isNetworkError } from '@ticketguard/web/api.ts';
import { serverNow } from '@ticketguard/web/server-clock.ts';
import { downloadPack, fetchDuplicates, uploadScans } from './gate-api.ts';
import { appendDelta, type ScanRecord } from './local-db.ts';
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
  private again: 'none' | 'upload' | 'full' = 'none';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private catchUpUntil = 0;

  constructor(private readonly store: ScannerStore) {}

  private started = false;

  /** Starts the loop (once); called at launch for a paired scanner and right after pairing. */
  start() {
    if (this.started) return void this.run();
    this.started = true;
    // A scan only needs its upload; the pack and the duplicates follow on the timer (rate limits are per device).
    this.store.onScanRecorded = () => void this.run(false);
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

  /** Uploads the queue and, when `full`, refreshes the pack and the duplicates too. */
  async run(full = true): Promise<void> {
    if (this.running) {
      if (this.again !== 'full') this.again = full ? 'full' : 'upload';
      return;
    }
    const device = this.store.getSnapshot().device;
    if (!device) return;
    this.running = true;
    this.setStatus({ running: true });
    try {
      const uploaded = await this.upload(device.token);
      if (uploaded.afterOutage) this.catchUpUntil = Date.now() + catchUpForMs;
      if (full) await this.refreshPack(device.token);
      if (full || uploaded.duplicate) this.store.setDuplicates(await fetchDuplicates(device.token));
      this.setStatus({ online: true, lastSyncAt: serverNow().toISOString(), error: undefined });
    } catch (error) {
      // Offline is normal at a gate: the scans stay queued and the next run retries.
      if (isNetworkError(error)) this.setStatus({ online: false, error: undefined });
      else this.setStatus({ error: error instanceof ApiError ? `${error.code}: ${error.message}` : String(error) });
    } finally {
      this.running = false;
      this.setStatus({ running: false });
      // Only full runs set the timer, so a steady stream of scans cannot starve the pack refresh.
      if (full) {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.run(), Date.now() < this.catchUpUntil ? catchUpMs : refreshMs);
      }
      const again = this.again;
      this.again = 'none';
      if (again !== 'none') void this.run(again === 'full');
    }
  }

  /**
   * Uploads the queue. `afterOutage`: it held more than the scan just made; `duplicate`: the server
   * refused as already_used a scan this gate had admitted, so the duplicates are worth fetching now.
   */
  private async upload(token: string) {
    let queue = this.store.getSnapshot().scans.filter((s) => !s.uploaded);
    const afterOutage = queue.length > 1;
    let duplicate = false;
    while (queue.length > 0) {
      const batch = queue.slice(0, batchSize);
      const results = await uploadScans(token, batch);
      const answers = new Map<string, Pick<ScanRecord, 'serverVerdict' | 'serverReason'>>();
      for (const r of results) answers.set(r.scanId, { serverVerdict: r.verdict, ...(r.reason ? { serverReason: r.reason } : {}) });
      duplicate ||= batch.some((s) => s.localVerdict === 'accepted' && answers.get(s.scanId)?.serverReason === 'already_used');
      await this.store.markUploaded(answers);
      queue = this.store.getSnapshot().scans.filter((s) => !s.uploaded && !answers.has(s.scanId));
    }
    return { afterOutage, duplicate };
  }

  private async refreshPack(token: string) {
    const state = this.store.gateState;
    if (!state) return;
    const delta = await downloadPack(token, state.cursor, () => {});
    // Every delta repeats the issuer keys; only one that moved the cursor is worth keeping.
    const changed = delta.subjects.length > 0 || delta.cursor !== state.cursor;
    applyPackDelta(state, delta);
    const refreshedAt = serverNow().toISOString();
    await appendDelta(changed ? delta : undefined, refreshedAt);
    this.store.usePack(refreshedAt, state);
  }
}

export const sync = new Sync(store);
