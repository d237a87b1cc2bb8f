import { applyPackDelta } from '@ticketguard/protocol';
import { ApiError, isNetworkError } from '@ticketguard/web/api.ts';
import { serverNow } from '@ticketguard/web/server-clock.ts';
import { downloadPack, fetchDevice, fetchDuplicates, fetchPresence, uploadScans } from './gate-api.ts';
import { appendDelta, type ScanRecord } from './local-db.ts';
import { scanList } from './scan-list.ts';
import { store, type ScannerStore } from './scanner-store.ts';

/** Refresh by delta this often while online (issue 7). */
const refreshMs = 30_000;
/** After an outage peers come back around the same time, so look for duplicates more often for a while. */
const catchUpMs = 5_000;
const catchUpForMs = 60_000;
const batchSize = 500;

/**
 * Keeps a paired scanner in step with the server: uploads every recorded scan at once (in batches
 * after an outage), then fetches the device's list, the pack delta, its list's count and the
 * duplicate admissions. One run at a time; a trigger during a run causes one more run after it.
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
      if (full) {
        await this.refreshDevice(device.token);
        await this.refreshPack(device.token);
      }
      // Staff watch the count move with every entry and exit, not only every half minute.
      if (full || uploaded.moved) await this.refreshPresence(device.token);
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
    let moved = false;
    while (queue.length > 0) {
      const batch = queue.slice(0, batchSize);
      const results = await uploadScans(token, batch);
      const answers = new Map<string, Pick<ScanRecord, 'serverVerdict' | 'serverReason'>>();
      for (const r of results) answers.set(r.scanId, { serverVerdict: r.verdict, ...(r.reason ? { serverReason: r.reason } : {}) });
      duplicate ||= batch.some((s) => s.localVerdict === 'accepted' && answers.get(s.scanId)?.serverReason === 'already_used');
      moved ||= batch.some((s) => answers.get(s.scanId)?.serverVerdict === 'accepted');
      await this.store.markUploaded(answers);
      queue = this.store.getSnapshot().scans.filter((s) => !s.uploaded && !answers.has(s.scanId));
    }
    return { afterOutage, duplicate, moved };
  }

  /** The organizer may have moved this device to another list (or the event was renamed). */
  private async refreshDevice(token: string) {
    const device = this.store.getSnapshot().device;
    const profile = await fetchDevice(token);
    if (!device || JSON.stringify([profile.checkInList, profile.event]) === JSON.stringify([device.checkInList, device.event])) return;
    await this.store.saveDevice({ checkInList: profile.checkInList, event: profile.event });
  }

  private async refreshPack(token: string) {
    const state = this.store.gateState;
    if (!state) return;
    const delta = await downloadPack(token, state.cursor, () => {});
    // Made for another list: the device was moved, and every row's state on the old list is void.
    if (delta.checkInList && delta.checkInList.id !== state.checkInList.id) {
      return this.store.useFullPack(await downloadPack(token, undefined, () => {}));
    }
    // Every delta repeats the issuer keys; only one that moved the cursor is worth keeping.
    const changed = delta.subjects.length > 0 || delta.cursor !== state.cursor;
    applyPackDelta(state, delta);
    const refreshedAt = serverNow().toISOString();
    await appendDelta(changed ? delta : undefined, refreshedAt);
    this.store.usePack(refreshedAt, state);
  }

  private async refreshPresence(token: string) {
    const { device, pack } = this.store.getSnapshot();
    if (!device || !pack) return;
    const list = scanList(device, pack.checkInList);
    // A bar counts redemptions, not people inside.
    if (list.mode === 'voucher') return;
    const presence = await fetchPresence(token, list.mode);
    await this.store.setPresence({ listId: presence.list.id, inside: presence.inside, at: serverNow().toISOString() });
  }
}

export const sync = new Sync(store);
