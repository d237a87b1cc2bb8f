import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, launchBrowser, screenshot, withoutOfflineNoise } from '../../../packages/server/test/support/browser.ts';
import { dialects } from '../../../packages/server/test/support/dialects.ts';
import { dismissVerdict, pairByLink, reloaded, scannerPage, scannerWorld, storedData, waitForText, wedgeScan, type ScannerWorld } from './scanner-fixture.ts';

/** The browser's own log line for a request made offline; the scanner expects those and retries later. */

describe.skipIf(!browserAvailable)('two gates offline admit the same ticket', () => {
  const dialect = dialects[0]!;
  let world: ScannerWorld;
  let browser: Browser;

  beforeAll(async () => {
    [world, browser] = await Promise.all([scannerWorld(dialect, 2), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await world?.server.stop();
  });

  async function pairByTyping(page: Page, token: string) {
    await page.goto(`${world.server.baseUrl}/scanner/`);
    await page.getByLabel('Pairing link or token').fill(token);
    await screenshot(page, 'scanner', 'pairing-tablet');
    await page.getByRole('button', { name: 'Pair', exact: true }).click();
    await page.getByTestId('scan-input').waitFor();
  }

  it('works offline after a reload, then flags the duplicate on both scanners and for the organizer', { timeout: 60_000 }, async () => {
    const [northToken, southToken] = [await world.gateDevice('north'), await world.gateDevice('south')];
    const north = await scannerPage(browser);
    const south = await scannerPage(browser, { viewport: { width: 800, height: 1100 }, isMobile: false, deviceScaleFactor: 1 });
    await pairByLink(north.page, world.server.baseUrl, northToken);
    await pairByTyping(south.page, southToken);
    for (const { page } of [north, south]) expect((await storedData(page)).subjects).toBe(2);

    // The network goes down; a scanner restarted now still opens, with its pack, from its own storage.
    await north.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await Promise.all([north.context.setOffline(true), south.context.setOffline(true)]);
    await north.page.reload();
    reloaded(north.page);
    await north.page.getByTestId('scan-input').waitFor();
    await waitForText(north.page, 'online-state', 'Offline');

    const ticket = world.tickets[0]!;
    expect(await wedgeScan(north.page, await world.qr(ticket.credential))).toMatchObject({ verdict: 'accepted' });
    expect(await wedgeScan(south.page, await world.qr(ticket.credential))).toMatchObject({ verdict: 'accepted' });
    expect(await wedgeScan(south.page, await world.qr(world.tickets[1]!.credential))).toMatchObject({ verdict: 'accepted' });
    await waitForText(north.page, 'count-queue', '1');
    await waitForText(south.page, 'count-queue', '2');
    const scans = await world.asOrganizer('GET', `/api/v1/events/${world.event.eventId}/scan-duplicates`);
    expect(scans.json().duplicates).toEqual([]);

    // Back online: the queues go up in a batch, and the sync reveals the double admission on both.
    await Promise.all([north.context.setOffline(false), south.context.setOffline(false)]);
    for (const { page } of [north, south]) {
      await page.locator(`[data-testid="duplicate"][data-subject-id="${ticket.id}"]`).waitFor({ timeout: 20_000 });
      await waitForText(page, 'count-queue', '0');
      await waitForText(page, 'count-duplicates', '1');
      const text = await page.getByTestId('duplicates').textContent();
      expect(text).toContain('gate north');
      expect(text).toContain('gate south');
    }
    await dismissVerdict(north.page);
    await dismissVerdict(south.page);
    await screenshot(north.page, 'scanner', 'duplicate-flagged-phone');
    await screenshot(south.page, 'scanner', 'duplicate-flagged-tablet');

    const stored = [...(await storedData(north.page)).scans, ...(await storedData(south.page)).scans];
    expect(stored.filter((s) => s.localVerdict === 'accepted')).toHaveLength(3);
    // Which of the two the server refused depends on which queue reached it first (an earlier scan
    // uploaded late displaces the check-in), so the refusal is checked at the server, below.

    const res = await world.asOrganizer('GET', `/api/v1/events/${world.event.eventId}/scan-duplicates`);
    expect(res.json().duplicates).toEqual([
      {
        holderRef: expect.any(String),
        ticketTypeId: world.event.ticketTypeId,
        scans: [expect.objectContaining({ gate: expect.any(String), verdict: 'accepted' }), expect.objectContaining({ verdict: 'rejected' })],
      },
    ]);
    expect(res.json().duplicates[0].scans.map((s: { gate: string }) => s.gate).sort()).toEqual(['north', 'south']);
    expect(withoutOfflineNoise(north.errors)).toEqual([]);
    expect(withoutOfflineNoise(south.errors)).toEqual([]);
    await north.context.close();
    await south.context.close();
  });
});
