import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { browserAvailable, chromiumPath, screenshot } from '../../../packages/server/test/support/browser.ts';
import { dialects } from '../../../packages/server/test/support/dialects.ts';
import { writeQrVideo } from './fake-camera.ts';
import { dismissVerdict, pairByLink, scannerPage, scannerWorld, type ScannerWorld } from './scanner-fixture.ts';

describe.skipIf(!browserAvailable)('the scanner reads a QR code with the camera', () => {
  const dialect = dialects[0]!;
  let world: ScannerWorld;
  let browser: Browser;
  let folder: string;

  beforeAll(async () => {
    world = await scannerWorld(dialect, 1);
    folder = mkdtempSync(join(tmpdir(), 'tg-camera-'));
  });
  afterAll(async () => {
    await browser?.close();
    await world?.server.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('decodes the live QR of a phone held up to the camera and admits the ticket', { timeout: 60_000 }, async () => {
    // Presented a little ahead, so the code is still fresh after the browser starts on a busy machine.
    const video = join(folder, 'phone.y4m');
    writeQrVideo(video, await world.qr(world.tickets[0]!.credential, world.wallet, -10));
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`, '--use-fake-ui-for-media-stream'],
    });
    const token = await world.gateDevice('camera');
    const { context, page, errors } = await scannerPage(browser);
    await context.grantPermissions(['camera'], { origin: world.server.baseUrl });
    await pairByLink(page, world.server.baseUrl, token);
    // Headless Chromium on Linux has no BarcodeDetector, so this is the jsQR worker's path.
    expect(await page.evaluate(() => 'BarcodeDetector' in globalThis)).toBe(false);

    await page.getByTestId('camera-toggle').click();
    const verdict = page.locator('[data-testid="verdict"][data-count="1"]');
    await verdict.waitFor({ timeout: 20_000 });
    expect(await verdict.getAttribute('data-verdict')).toBe('accepted');
    await dismissVerdict(page);
    await screenshot(page, 'scanner', 'camera-scanning');
    await page.getByTestId('camera-toggle').click();
    expect(errors).toEqual([]);
    await context.close();
  });
});
