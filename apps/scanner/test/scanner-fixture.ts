import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { phone, startWebServer, watchConsole, type WebServer } from '../../../packages/server/test/support/browser.ts';
import type { TestDialect } from '../../../packages/server/test/support/dialects.ts';
import { bearer, organizerRequest, publishedEvent, signUp } from '../../../packages/server/test/support/harness.ts';
import { qrFor } from '../../../packages/server/test/support/presentations.ts';
import { buyTickets, type HeldTicket } from '../../../packages/server/test/support/purchases.ts';
import { publicUrl, TestWallet } from '../../../packages/server/test/support/wallet.ts';

/**
 * A listening server with an organizer, an event on sale and a visitor's phone (TestWallet) holding
 * tickets, for the scanner's browser tests. The server's PUBLIC_URL is the test wallets' own, so their
 * DPoP proofs (sent through app.inject) verify; the scanner itself only uses relative URLs.
 */
export async function scannerWorld(dialect: TestDialect, tickets: number) {
  const server: WebServer = await startWebServer(dialect, { publicUrl });
  const organizer = await signUp(server.app);
  const event = await publishedEvent(server.app, organizer.token, { capacity: 300, maxTicketsPerAccount: 250 });
  const wallet = await TestWallet.withAccount(server.app);
  const held = await buyTickets(wallet, event, tickets);
  const asOrganizer = organizerRequest(() => server.app, () => organizer.token);
  return {
    server,
    event,
    wallet,
    tickets: held,
    asOrganizer,
    /** A gate device's token; with `checkInListId` it scans for that list only. */
    async gateDevice(name: string, checkInListId?: string) {
      const res = await asOrganizer('POST', `/api/v1/events/${event.eventId}/gate-devices`, { name, ...(checkInListId ? { checkInListId } : {}) });
      expect(res.statusCode).toBe(201);
      return res.json().token as string;
    },
    /** The live QR of a ticket (or voucher) as the holder's phone shows it now, or `secondsAgo` earlier. */
    qr: (credential: string, holder = wallet, secondsAgo = 0) => qrFor(credential, holder.privateKey, new Date(Date.now() - secondsAgo * 1000)),
    gateRequest: (token: string, url: string) => server.app.inject({ method: 'GET', url, headers: bearer(token) }),
  };
}

export type ScannerWorld = Awaited<ReturnType<typeof scannerWorld>>;
export type { HeldTicket };

/** A scanner on a phone in the dark, its console errors collected. */
export async function scannerPage(browser: Browser, options: BrowserContextOptions = {}) {
  const context: BrowserContext = await browser.newContext({ ...phone, ...options });
  const page = await context.newPage();
  const errors = watchConsole(page);
  return { context, page, errors };
}

/** Pairs by opening the dashboard's pairing link, and waits until the scanner is ready. */
export async function pairByLink(page: Page, baseUrl: string, token: string) {
  await page.goto(`${baseUrl}/scanner/pair#${token}`);
  await page.getByTestId('scan-input').waitFor();
  expect(new URL(page.url()).hash).toBe('');
}

const verdictCounts = new WeakMap<Page, number>();

/** After a reload the app counts its verdicts from 1 again. */
export const reloaded = (page: Page) => verdictCounts.delete(page);

/**
 * Types a QR text the way a keyboard-wedge scanner does (keys, then Enter) without clicking anything
 * first: the field must already have focus. Returns the verdict screen's data.
 */
export async function wedgeScan(page: Page, qr: string) {
  const count = (verdictCounts.get(page) ?? 0) + 1;
  verdictCounts.set(page, count);
  await page.keyboard.insertText(qr);
  await page.keyboard.press('Enter');
  const verdict = page.locator(`[data-testid="verdict"][data-count="${count}"]`);
  await verdict.waitFor({ timeout: 10_000 }).catch(async (error) => {
    await screenShot(page, `failed-scan-${count}`);
    throw new Error(`no verdict ${count}: focus on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80))}`, { cause: error });
  });
  return {
    verdict: await verdict.getAttribute('data-verdict'),
    reason: await verdict.getAttribute('data-reason'),
    text: (await verdict.textContent()) ?? '',
  };
}

/** Taps the verdict screen away, as staff do before touching anything else. */
export async function dismissVerdict(page: Page) {
  // It may also time out by itself in between, so tap it from inside the page.
  await page.evaluate(() => document.querySelector<HTMLElement>('[data-testid="verdict"]')?.click());
  await page.getByTestId('verdict').waitFor({ state: 'detached', timeout: 5000 });
}

/** Waits until the element with this test id shows exactly `text`. */
export async function waitForText(page: Page, testId: string, text: string) {
  await page.waitForFunction(([id, expected]) => document.querySelector(`[data-testid="${id}"]`)?.textContent === expected, [testId, text] as const, { timeout: 15_000 });
}

const shotFolder = fileURLToPath(new URL('../../../test-results/screenshots/scanner/', import.meta.url));

/** The screen as staff see it (the verdict covers the viewport, so no full-page capture): an artifact. */
export async function screenShot(page: Page, name: string) {
  mkdirSync(shotFolder, { recursive: true });
  await page.screenshot({ path: join(shotFolder, `${name}.png`) });
}

export interface StoredScan {
  scanId: string;
  localVerdict: string;
  reason?: string;
  direction: string;
  listId: string;
  uploaded: boolean;
  serverVerdict?: string;
  serverReason?: string;
}

/** The scanner's IndexedDB, read from the page: the stored pack's subjects and list, the deltas since, and the scans. */
export function storedData(page: Page) {
  return page.evaluate(
    () =>
      new Promise<{ subjects: number; listName?: string; deltas: number; scans: StoredScan[] }>((resolve, reject) => {
        const open = indexedDB.open('tg-scanner');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['kv', 'deltas', 'scans']);
          const pack = tx.objectStore('kv').get('pack');
          const deltas = tx.objectStore('deltas').count();
          const scans = tx.objectStore('scans').getAll();
          tx.oncomplete = () =>
            resolve({ subjects: pack.result?.pack.subjects.length ?? 0, listName: pack.result?.pack.checkInList?.name, deltas: deltas.result, scans: scans.result });
        };
      }),
  );
}

/**
 * Waits until every scan reached the server, then checks that the server, deciding again on its own
 * state, came to the same verdict and reason as the scanner did offline. Returns the stored scans.
 */
export async function expectServerAgrees(page: Page) {
  await waitForText(page, 'count-queue', '0');
  const { scans } = await storedData(page);
  expect(scans.map((s) => [s.serverVerdict, s.serverReason ?? ''])).toEqual(scans.map((s) => [s.localVerdict, s.reason ?? '']));
  return scans;
}
