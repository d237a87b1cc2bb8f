import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeViolation, runAxe, tabThrough } from './support/accessibility.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';

/** The checks the web apps' accessibility tests rely on must be able to fail: here they see faults. */
describe.skipIf(!browserAvailable)('accessibility checks', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(() => browser?.close());

  it('lists each axe violation with its rule, impact, element, help and, for contrast, the colours and ratio', async () => {
    await page.setContent(`<html lang="en"><head><title>Faults</title></head><body><main>
      <h1>Faults</h1>
      <p id="faint" style="color:#777;background:#888">Grey on grey</p>
      <input id="nameless">
    </main></body></html>`);
    const results = await runAxe(page);
    expect(results.passes.length).toBeGreaterThan(0);
    const text = results.violations.map(describeViolation).join('\n');
    expect(text).toContain('color-contrast (serious): Elements must meet minimum color contrast ratio thresholds');
    expect(text).toMatch(/#faint: #777777 on #888888 is 1\.\d+:1, needs 4\.5:1/);
    expect(text).toMatch(/label \(critical\): .*\n\s+#nameless/);
    // Headings that skip a level are a structure fault, checked besides the WCAG tags.
    await page.evaluate(() => document.querySelector('main')!.insertAdjacentHTML('beforeend', '<h4>Skipped</h4>'));
    expect((await runAxe(page)).violations.map((v) => v.id)).toContain('heading-order');
    await page.evaluate(() => document.querySelector('h4')!.remove());
    // A known false positive can be left out by its selector, and only it.
    expect((await runAxe(page, ['#faint'])).violations.map((v) => v.id)).toEqual(['label']);
  });

  it('reports a focused element without a focus indicator', async () => {
    await page.setContent(`<html lang="en"><head><title>Focus</title>
      <style>button { outline: none; } #ringed:focus-visible { outline: 3px solid blue; }</style></head>
      <body><button id="ringed">Ringed</button><button id="bare">Bare</button><button>Last</button></body></html>`);
    await expect(tabThrough(page, 3)).rejects.toThrow('button "Bare" looks the same with and without focus');
  });
});
