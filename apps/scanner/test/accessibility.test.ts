import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { expectAccessible, expectAccessibleInBothSchemes, tabThrough, tabTo, tabToAndPress } from '../../../packages/server/test/support/accessibility.ts';
import { browserAvailable, launchBrowser } from '../../../packages/server/test/support/browser.ts';
import { dialects } from '../../../packages/server/test/support/dialects.ts';
import { dismissVerdict, pairByLink, scannerPage, scannerWorld, screenShot, wedgeScan, type ScannerWorld } from './scanner-fixture.ts';

describe.skipIf(!browserAvailable)('scanner: accessibility (WCAG 2.1 AA, dark and light, keyboard)', () => {
  let world: ScannerWorld;
  let browser: Browser;

  beforeAll(async () => {
    [world, browser] = await Promise.all([scannerWorld(dialects[0]!, 5), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await world?.server.stop();
  });

  it('passes axe on pairing, the scan screen, every kind of verdict and the counters with the settings and diagnostics, dark and light', { timeout: 60_000 }, async () => {
    const { context, page } = await scannerPage(browser);
    await page.goto(`${world.server.baseUrl}/scanner/`);
    await page.getByTestId('pair-token').waitFor();
    await expectAccessibleInBothSchemes(page, 'scanner', 'pairing');

    await pairByLink(page, world.server.baseUrl, await world.gateDevice('north'));
    await expectAccessibleInBothSchemes(page, 'scanner', 'scan-screen');

    // A verdict goes away by itself after a few seconds: one scan per check, and the verdict must still
    // be on screen after axe ran, or axe looked at the scan screen instead.
    const verdicts = [
      ['accepted', 'dark', world.tickets[0]!],
      ['accepted', 'light', world.tickets[1]!],
      ['rejected', 'dark', world.tickets[0]!],
      ['rejected', 'light', world.tickets[1]!],
    ] as const;
    for (const [verdict, colorScheme, ticket] of verdicts) {
      await page.emulateMedia({ colorScheme });
      expect(await wedgeScan(page, await world.qr(ticket.credential))).toMatchObject({ verdict });
      await expectAccessible(page, `scanner ${verdict} verdict (${colorScheme})`);
      await screenShot(page, `a11y-verdict-${verdict}-${colorScheme}`);
      expect(await page.getByTestId('verdict').getAttribute('data-verdict')).toBe(verdict);
      await dismissVerdict(page);
    }

    // The exit (blue) and the sent-elsewhere (amber) verdicts: one ticket in, then out, and out again.
    for (const [colorScheme, ticket] of [['dark', world.tickets[3]!], ['light', world.tickets[4]!]] as const) {
      await page.emulateMedia({ colorScheme });
      await page.getByTestId('direction-in').check();
      expect(await wedgeScan(page, await world.qr(ticket.credential))).toMatchObject({ verdict: 'accepted' });
      await dismissVerdict(page);
      await page.getByTestId('direction-out').check();
      for (const signal of ['out', 'elsewhere']) {
        await wedgeScan(page, await world.qr(ticket.credential));
        await expectAccessible(page, `scanner ${signal} verdict (${colorScheme})`);
        await screenShot(page, `a11y-verdict-${signal}-${colorScheme}`);
        expect(await page.getByTestId('verdict').getAttribute('data-signal')).toBe(signal);
        await dismissVerdict(page);
      }
    }
    await page.getByTestId('direction-in').check();

    await page.getByText('Settings').click();
    await page.getByText('Diagnostics').click();
    await page.getByTestId('refused-by-reason').waitFor();
    await expectAccessibleInBothSchemes(page, 'scanner', 'counters-settings-diagnostics');
    await context.close();
  });

  it('can be used with the keyboard alone on the scan screen, each focus visible', { timeout: 60_000 }, async () => {
    const { context, page, errors } = await scannerPage(browser);
    await pairByLink(page, world.server.baseUrl, await world.gateDevice('south'));
    // The wedge field has focus: from it, Tab reaches every control of the scan screen.
    const labels = await tabThrough(page, 9);
    expect(labels).toEqual(expect.arrayContaining(['IN', 'Sync now', 'Start camera', 'Settings']));

    // The entry/exit switch: one Tab stop, arrows move between IN and OUT, focus stays on it.
    await page.getByTestId('scan-input').focus();
    await tabTo(page, 'IN');
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('direction-out').isChecked()).resolves.toBe(true);
    await expect(page.getByTestId('direction-out').evaluate((radio) => radio === document.activeElement)).resolves.toBe(true);
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByTestId('direction-in').isChecked()).resolves.toBe(true);

    // Space opens the settings and starts the camera, Enter scans.
    await page.getByTestId('scan-input').focus();
    await tabToAndPress(page, 'Settings', ' ');
    await page.getByTestId('scan-mode').waitFor();
    await page.getByTestId('scan-input').focus();
    await tabToAndPress(page, 'Start camera', ' ');
    await page.getByTestId('camera-problem').waitFor();
    await page.getByTestId('scan-input').focus();
    expect(await wedgeScan(page, await world.qr(world.tickets[2]!.credential))).toMatchObject({ verdict: 'accepted' });
    expect(errors).toEqual([]);
    await context.close();
  });
});
