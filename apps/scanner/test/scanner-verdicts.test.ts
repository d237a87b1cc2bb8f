import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserAvailable, launchBrowser, screenshot, withoutOfflineNoise } from '../../../packages/server/test/support/browser.ts';
import { dialects } from '../../../packages/server/test/support/dialects.ts';
import { TestWallet } from '../../../packages/server/test/support/wallet.ts';
import { dismissVerdict, reloaded, screenShot, waitForText, pairByLink, scannerPage, scannerWorld, storedData, wedgeScan, type ScannerWorld } from './scanner-fixture.ts';

describe.skipIf(!browserAvailable)('the gate scanner decides at the door and the bar', () => {
  const dialect = dialects[0]!;
  let world: ScannerWorld;
  let browser: Browser;

  beforeAll(async () => {
    [world, browser] = await Promise.all([scannerWorld(dialect, 3), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await world?.server.stop();
  });

  it('pairs by link, stores the pack, and says accepted, already_used, stale and superseded', { timeout: 60_000 }, async () => {
    const token = await world.gateDevice('north');
    const { context, page, errors } = await scannerPage(browser);
    await pairByLink(page, world.server.baseUrl, token);
    await expect(page.getByText('Night of Tests').count()).resolves.toBe(1);
    expect((await storedData(page)).subjects).toBe(3);
    await expect(page.getByTestId('scan-input').evaluate((input) => input === document.activeElement)).resolves.toBe(true);
    await screenshot(page, 'scanner', 'ready');

    const [ticket, moved] = [world.tickets[0]!, world.tickets[1]!];
    const accepted = await wedgeScan(page, await world.qr(ticket.credential));
    expect(accepted).toMatchObject({ verdict: 'accepted', reason: '' });
    expect(accepted.text).toContain('Welcome');
    await screenShot(page, 'verdict-accepted');

    const again = await wedgeScan(page, await world.qr(ticket.credential));
    expect(again).toMatchObject({ verdict: 'rejected', reason: 'already_used' });
    expect(again.text).toContain('Already used');
    expect(again.text).toMatch(/First scanned at \d\d:\d\d:\d\d at gate north/);
    await screenShot(page, 'verdict-already-used');

    const stale = await wedgeScan(page, await world.qr(world.tickets[2]!.credential, world.wallet, 60));
    expect(stale).toMatchObject({ verdict: 'rejected', reason: 'stale' });
    expect(stale.text).toContain('screenshot');
    await screenShot(page, 'verdict-stale');

    // The buyer hands a ticket on after the pack was downloaded: the delta teaches the scanner the new seq.
    const friend = await TestWallet.withAccount(world.server.app);
    const link = await world.wallet.request('POST', `/api/v1/tickets/${moved.id}/claim-links`);
    expect((await friend.request('POST', '/api/v1/claims', { claimToken: link.json().claimToken })).statusCode).toBe(200);
    const cursor = await page.getByTestId('pack-cursor').textContent();
    await dismissVerdict(page);
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.waitForFunction((before) => document.querySelector('[data-testid="pack-cursor"]')?.textContent !== before, cursor, { timeout: 15_000 });
    const superseded = await wedgeScan(page, await world.qr(moved.credential));
    expect(superseded).toMatchObject({ verdict: 'rejected', reason: 'superseded' });
    await screenShot(page, 'verdict-superseded');

    // Dutch staff read Dutch reasons, from the protocol's own labels.
    await page.getByTestId('language').selectOption('nl');
    const dutch = await wedgeScan(page, await world.qr(ticket.credential));
    expect(dutch.text).toContain('Al gebruikt');
    expect(dutch.text).toMatch(/Eerst gescand om .* bij poort north/);
    await screenShot(page, 'verdict-already-used-nl');
    await dismissVerdict(page);
    await screenShot(page, 'scan-screen-nl');
    await page.getByTestId('language').selectOption('en');

    // Every scan reached the server, which agrees; the counters and the diagnostics say what happened.
    await waitForText(page, 'count-queue', '0');
    const stored = (await storedData(page)).scans;
    expect(stored).toHaveLength(5);
    expect(stored.map((s) => [s.localVerdict, s.serverVerdict ?? null]).sort()).toEqual(
      [['accepted', 'accepted'], ['rejected', 'rejected'], ['rejected', 'rejected'], ['rejected', 'rejected'], ['rejected', 'rejected']].sort(),
    );
    await dismissVerdict(page);
    await expect(page.getByTestId('count-admitted').textContent()).resolves.toBe('1');
    await expect(page.getByTestId('count-refused').textContent()).resolves.toBe('4');
    await expect(page.getByTestId('refused-by-reason').textContent()).resolves.toMatch(/Already used\s*2.*Code too old.*1.*moved to another phone\s*1/);
    await expect(page.getByTestId('entries-chart').getAttribute('aria-label')).resolves.toBe('1 entry in the last 30 minutes, at most 1 in one minute');
    const ms = Number(await page.getByTestId('decision-ms').textContent());
    expect(ms).toBeGreaterThan(0);
    await page.getByText('Settings').click();
    await page.getByText('Diagnostics').click();
    await screenshot(page, 'scanner', 'counters-and-diagnostics');
    expect(errors).toEqual([]);

    // Restarted without a network, it still knows the delta (the ticket moved) and its own admissions.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await context.setOffline(true);
    await page.reload();
    reloaded(page);
    await page.getByTestId('scan-input').waitFor();
    expect(await wedgeScan(page, await world.qr(moved.credential))).toMatchObject({ reason: 'superseded' });
    expect(await wedgeScan(page, await world.qr(ticket.credential))).toMatchObject({ reason: 'already_used' });
    expect(withoutOfflineNoise(errors)).toEqual([]);
    await context.close();
  });

  it('redeems a voucher once at the bar, then refuses it; a ticket at the bar is sent to the entrance', { timeout: 60_000 }, async () => {
    const campaign = await world.asOrganizer('POST', `/api/v1/events/${world.event.eventId}/voucher-campaigns`, { name: 'Free drink' });
    const sent = await world.asOrganizer('POST', `/api/v1/events/${world.event.eventId}/messages`, { title: 'Cheers', body: 'A drink on us', voucherCampaignId: campaign.json().id });
    expect(sent.statusCode).toBe(201);
    const [voucher] = (await world.wallet.request('GET', '/api/v1/me/vouchers')).json().vouchers;

    const token = await world.gateDevice('bar');
    const { context, page, errors } = await scannerPage(browser, { colorScheme: 'light' });
    await pairByLink(page, world.server.baseUrl, token);
    await page.getByText('Settings').click();
    await page.getByTestId('scan-mode').selectOption('voucher');
    await waitForText(page, 'mode-badge', 'Vouchers (bar)');
    await waitForText(page, 'list-name', 'Vouchers');
    await page.getByTestId('scan-input').focus();

    const redeemed = await wedgeScan(page, await world.qr(voucher.credential));
    expect(redeemed).toMatchObject({ verdict: 'accepted' });
    expect(redeemed.text).toContain('Redeemed');
    await screenShot(page, 'voucher-redeemed-light');
    const twice = await wedgeScan(page, await world.qr(voucher.credential));
    expect(twice).toMatchObject({ verdict: 'rejected', reason: 'already_used' });
    await screenShot(page, 'voucher-refused-light');
    // A ticket at the bar is genuine, just in the wrong place: staff are told where it belongs.
    const ticketAtBar = await wedgeScan(page, await world.qr(world.tickets[2]!.credential));
    expect(ticketAtBar).toMatchObject({ verdict: 'rejected', reason: 'not_admitted_here' });
    await expect(page.getByTestId('belongs').textContent()).resolves.toBe('Standing (ticket): Entrance');

    // The server redeemed it once, through the same scans API the door uses (mode: voucher).
    await waitForText(page, 'count-queue', '0');
    const campaigns = (await world.asOrganizer('GET', `/api/v1/events/${world.event.eventId}/voucher-campaigns`)).json().campaigns;
    expect(campaigns).toEqual([expect.objectContaining({ name: 'Free drink', redeemed: 1 })]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says clearly that there is no camera, and keeps the wedge field working', { timeout: 60_000 }, async () => {
    const token = await world.gateDevice('side');
    const { context, page, errors } = await scannerPage(browser);
    await pairByLink(page, world.server.baseUrl, token);
    await page.getByTestId('camera-toggle').click();
    await page.getByTestId('camera-problem').waitFor();
    expect(await page.getByTestId('camera-problem').textContent()).toMatch(/No camera found|cannot use the camera|refused/);
    await screenshot(page, 'scanner', 'no-camera');
    // A hardware scanner typing key by key after a button was pressed still lands in the wedge field.
    const qr = await world.qr(world.tickets[2]!.credential, world.wallet, 60);
    await page.keyboard.type(qr.slice(0, 40));
    await expect(page.getByTestId('scan-input').inputValue()).resolves.toBe(qr.slice(0, 40));
    expect(errors).toEqual([]);
    await context.close();
  });
});
