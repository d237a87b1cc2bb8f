import { expect } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { desktop, phone, screenshot, watchConsole, type WebTestBed } from '../../../../packages/server/test/support/browser.ts';
import { signedInPage } from './dashboard-page.ts';

export type Language = 'en' | 'nl';

/** The looks a screen is checked in: a laptop and a small phone (360 x 640), in the dark, each in English and in Dutch. */
export const looks: [name: string, language: Language, options: BrowserContextOptions][] = [
  ['desktop-en', 'en', desktop],
  ['desktop-nl', 'nl', { ...desktop, locale: 'nl-NL' }],
  ['phone-en', 'en', { ...phone, viewport: { width: 360, height: 640 } }],
  ['phone-nl', 'nl', { ...phone, viewport: { width: 360, height: 640 }, locale: 'nl-NL' }],
];

/**
 * Opens `path` of the signed-in dashboard in every look, brings the screen to the state to show
 * (`prepare`), checks that nothing is wider than a phone and that the console stayed clean but for
 * the refusals the screen shows (`refused`: HTTP statuses), and saves a screenshot of each look as
 * `<name>-<look>.png`.
 */
export async function screenshotLooks(
  web: WebTestBed,
  token: string,
  path: string,
  name: string,
  prepare: (page: Page, language: Language) => Promise<void>,
  refused: number[] = [],
) {
  for (const [look, language, options] of looks) {
    const context = await web.browser.newContext(options);
    const page = await signedInPage(context, web.server.baseUrl, token, path);
    const errors = watchConsole(page);
    await prepare(page, language);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} in ${look} is wider than the screen`).toBeLessThanOrEqual(options.viewport!.width);
    await screenshot(page, 'dashboard', `${name}-${look}`);
    expect(errors.filter((error) => !refused.some((status) => error.includes(`status of ${status}`))), `console of ${name} in ${look}`).toEqual([]);
    await context.close();
  }
}
