import { readFile } from 'node:fs/promises';
import type { BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { desktop, watchConsole, type WebTestBed } from '../../../../packages/server/test/support/browser.ts';

/** Waits until an element with this test id shows the text. */
export const expectText = async (page: Page, testId: string, text: string | RegExp, timeout = 15_000) =>
  page.getByTestId(testId).filter({ hasText: text }).first().waitFor({ timeout });

/** A dashboard page already signed in with an organizer token (as after signing in), opened at `path`. */
export async function signedInPage(context: BrowserContext, baseUrl: string, token: string, path = '') {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/dashboard/`);
  await page.evaluate((value) => localStorage.setItem('tg-dashboard-token', value), token);
  await page.goto(`${baseUrl}/dashboard${path}`);
  return page;
}

/**
 * The next screen of a test: closes the page open before (with its whole context), opens the
 * dashboard signed in with `token` in a new context of the test bed's browser (or in the context
 * given), and watches its console for errors.
 */
export async function reopenSignedIn(previous: Page | undefined, web: WebTestBed, token: string, path = '', context: BrowserContextOptions | BrowserContext = desktop) {
  await previous?.context().close();
  const into = 'newPage' in context ? context : await web.browser.newContext(context);
  const page = await signedInPage(into, web.server.baseUrl, token, path);
  return { page, errors: watchConsole(page) };
}

/** Clicks a button (by test id, or a located one) that downloads a file and returns the file's lines (CSV rows, CRLF or LF). */
export async function downloadLines(page: Page, button: string | Locator) {
  const target = typeof button === 'string' ? page.getByTestId(button) : button;
  const [download] = await Promise.all([page.waitForEvent('download'), target.click()]);
  const text = await readFile((await download.path())!, 'utf8');
  return text.split(/\r?\n/).filter((line) => line !== '');
}

/** What a bar of a bar list shows next to its label: a count, or the marker of a suppressed group. */
export const barValue = (list: Locator, label: string) =>
  list.locator('li', { has: list.page().locator('.bar-label', { hasText: label }) }).locator('.bar-value');
