import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessibleInBothSchemes, tabToAndPress } from '../../../packages/server/test/support/accessibility.ts';
import { browserAvailable, launchBrowser, screenshot } from '../../../packages/server/test/support/browser.ts';
import { dialects } from '../../../packages/server/test/support/dialects.ts';
import { dismissVerdict, pairByLink, scannerPage, scannerWorld, screenShot, wedgeScan, type ScannerWorld } from './scanner-fixture.ts';

/** The smallest phone the gate crew brings, in the dark. */
const smallPhone = { viewport: { width: 360, height: 640 } };
/** A timing figure such as "0.42 ms": for the diagnostics only. */
const timing = /\d\s*ms\b/;

/** Pasting into the pairing field the way staff do: the clipboard and Ctrl+V over what stood there, then Enter. */
async function paste(page: Page, text: string) {
  await page.evaluate((value) => navigator.clipboard.writeText(value), text);
  const field = page.getByTestId('pair-token');
  await field.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  // A one-line field turns a pasted line break into a space.
  expect(await field.inputValue()).toBe(text.replaceAll('\n', ' '));
  // What was said about the previous entry is gone.
  expect(await page.getByTestId('pair-error').count()).toBe(0);
  await page.keyboard.press('Enter');
}

async function expectPairError(page: Page, expected: string, entryWrong = true) {
  const error = page.getByTestId('pair-error');
  await error.filter({ hasText: expected }).waitFor({ timeout: 10_000 });
  // Read out at once, and tied to the field it is about.
  expect(await error.getAttribute('role')).toBe('alert');
  const field = page.getByTestId('pair-token');
  expect(await field.getAttribute('aria-invalid')).toBe(String(entryWrong));
  expect((await field.getAttribute('aria-describedby'))?.split(' ')).toContain(await error.getAttribute('id'));
}

describe.skipIf(!browserAvailable)('scanner: pairing by a pasted link, and the green screen', () => {
  let world: ScannerWorld;
  let browser: Browser;

  beforeAll(async () => {
    [world, browser] = await Promise.all([scannerWorld(dialects[0]!, 2), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await world?.server.stop();
  });

  it('pairs with a pasted pairing link, and says in plain words what is wrong with anything else, in EN and NL', { timeout: 60_000 }, async () => {
    const { context, page } = await scannerPage(browser, smallPhone);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: world.server.baseUrl });
    await page.goto(`${world.server.baseUrl}/scanner/`);

    await paste(page, 'hello there');
    await expectPairError(page, 'This is not a pairing link or token.');
    await screenshot(page, 'scanner', 'pairing-not-a-link-en');
    await expectAccessibleInBothSchemes(page, 'scanner', 'pairing-error');
    // The message follows the language switch.
    await page.getByTestId('language').selectOption('nl');
    await expectPairError(page, 'Dit is geen koppellink of token.');
    await screenshot(page, 'scanner', 'pairing-not-a-link-nl');
    await page.getByTestId('language').selectOption('en');

    // A link without a token, or a link to another page, is no pairing link either.
    await paste(page, `${world.server.baseUrl}/scanner/pair`);
    await expectPairError(page, 'This is not a pairing link or token.');
    await paste(page, `${world.server.baseUrl}/wallet/#tgg_${'A'.repeat(43)}`);
    await expectPairError(page, 'This is not a pairing link or token.');

    await paste(page, `https://gate.example.org/scanner/pair#tgg_${'A'.repeat(43)}`);
    await expectPairError(page, 'This pairing link is for another server (gate.example.org).');

    // The organizer made a new pairing link for the device (after a leak): the old one stopped working.
    const created = await world.asOrganizer('POST', `/api/v1/events/${world.event.eventId}/gate-devices`, { name: 'lost phone' });
    expect((await world.asOrganizer('POST', `/api/v1/events/${world.event.eventId}/gate-devices/${created.json().id}/token`)).statusCode).toBe(200);
    await paste(page, `${world.server.baseUrl}/scanner/pair#${created.json().token}`);
    await expectPairError(page, 'This token is not valid any more. Ask the organizer for a new pairing link.');
    await page.getByTestId('language').selectOption('nl');
    await expectPairError(page, 'Deze token is niet meer geldig.');
    await screenshot(page, 'scanner', 'pairing-not-valid-nl');
    await page.getByTestId('language').selectOption('en');
    await screenshot(page, 'scanner', 'pairing-not-valid-en');

    const link = `${world.server.baseUrl}/scanner/pair#${await world.gateDevice('north')}`;
    await context.setOffline(true);
    await paste(page, link);
    await expectPairError(page, 'No connection to the server.', false);
    await context.setOffline(false);

    // The whole link, wrapped over two lines as a chat message may do, pairs.
    await paste(page, link.replace('#', '\n#'));
    await page.getByTestId('scan-input').waitFor();
    expect(new URL(page.url()).pathname).toBe('/scanner/');
    expect(await page.getByTestId('pair-error').count()).toBe(0);
    await context.close();
  });

  it('shows the ticket type big on the green screen and no timings; the timings are in the diagnostics, by keyboard', { timeout: 60_000 }, async () => {
    const { context, page, errors } = await scannerPage(browser, smallPhone);
    await pairByLink(page, world.server.baseUrl, await world.gateDevice('south'));
    expect(await page.locator('body').innerText()).not.toMatch(timing);

    for (const [language, ticket, welcome] of [['en', world.tickets[0]!, 'Welcome'], ['nl', world.tickets[1]!, 'Welkom']] as const) {
      await page.getByTestId('language').selectOption(language);
      await page.getByTestId('scan-input').focus();
      const green = await wedgeScan(page, await world.qr(ticket.credential));
      expect(green).toMatchObject({ verdict: 'accepted' });
      expect(green.text).toContain(welcome);
      expect(green.text).not.toMatch(timing);
      const type = page.getByTestId('verdict-type');
      expect(await type.textContent()).toBe('Standing');
      // Big, and whole on the small screen.
      const shown = await type.evaluate((el) => ({ size: parseFloat(getComputedStyle(el).fontSize), box: el.getBoundingClientRect().toJSON() as DOMRect }));
      expect(shown.size).toBeGreaterThanOrEqual(28);
      expect(shown.box.left).toBeGreaterThanOrEqual(0);
      expect(shown.box.right).toBeLessThanOrEqual(360);
      expect(shown.box.bottom).toBeLessThanOrEqual(640);
      await screenShot(page, `verdict-type-${language}`);
      await dismissVerdict(page);
    }
    await page.getByTestId('language').selectOption('en');
    expect(await page.locator('body').innerText()).not.toMatch(timing);

    // Settings, then Diagnostics, with the keyboard alone: there the timings are.
    await page.getByTestId('scan-input').focus();
    await tabToAndPress(page, 'Settings', ' ');
    await page.getByTestId('scan-input').focus();
    await tabToAndPress(page, 'Diagnostics', ' ');
    const ms = page.getByTestId('decision-ms');
    await ms.waitFor({ state: 'visible' });
    expect(Number(await ms.textContent())).toBeGreaterThan(0);
    expect(await page.getByTestId('debug').innerText()).toMatch(/Last decision \(ms\)/);
    await screenshot(page, 'scanner', 'settings-diagnostics');
    expect(errors).toEqual([]);
    await context.close();
  });
});
