import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import type { ElementHandle, Page } from 'playwright-core';
import type { AxeResults, NodeResult, Result } from 'axe-core';
import { screenshot } from './browser.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The rules the standards promise: WCAG 2.1 A and AA. */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** And axe's best practices for what a screen-reader user finds their way by: one h1, heading order, landmarks. */
export const structureRules = ['page-has-heading-one', 'heading-order', 'landmark-one-main', 'landmark-unique', 'region'];

/** One node of a violation, readable: its selector, and for colour contrast the colours and the ratio. */
function describeNode(rule: string, node: NodeResult) {
  const target = node.target.map(String).join(' >>> ');
  if (rule !== 'color-contrast') return `    ${target}`;
  const data = (node.any[0]?.data ?? {}) as { fgColor?: string; bgColor?: string; contrastRatio?: number; expectedContrastRatio?: string };
  return `    ${target}: ${data.fgColor} on ${data.bgColor} is ${data.contrastRatio}:1, needs ${data.expectedContrastRatio}`;
}

export const describeViolation = (violation: Result) =>
  [`${violation.id} (${violation.impact}): ${violation.help}`, ...violation.nodes.map((node) => describeNode(violation.id, node))].join('\n');

/** Runs axe-core in the page as it is now, with the WCAG 2.1 A/AA rules and the structure rules, and returns its results. */
export async function runAxe(page: Page, exclude: string[] = []): Promise<AxeResults> {
  // The apps' Content-Security-Policy (script-src 'self') refuses inline scripts, but not code the
  // DevTools protocol evaluates: so axe goes in as an evaluated expression, not a <script> tag.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(
    ([tags, extra, excluded]) => (window as unknown as { axe: typeof import('axe-core') }).axe.run(excluded.length ? { exclude: excluded.map((selector) => [selector]) } : document, { runOnly: { type: 'tag', values: tags }, rules: Object.fromEntries(extra.map((rule) => [rule, { enabled: true }])), resultTypes: ['violations'] }),
    [wcagTags, structureRules, exclude] as const,
  );
}

/**
 * Fails (softly, so one run lists every screen's problems) when axe finds any WCAG 2.1 A/AA or structure violation on
 * the page, with one line per rule and per element. `exclude` takes selectors of elements that are a
 * known false positive; each caller says why.
 */
export async function expectAccessible(page: Page, what: string, exclude: string[] = []) {
  const results = await runAxe(page, exclude);
  // axe really looked: a page it could not read would pass nothing.
  expect(results.passes.length, `axe ran no passing checks on ${what}`).toBeGreaterThan(0);
  expect.soft(results.violations.map(describeViolation), `accessibility of ${what}`).toEqual([]);
}

/**
 * Checks the screen in the dark scheme (the apps' default) and in the light one, and saves a screenshot
 * of each as a11y-<name>-<scheme>.png; leaves the page in the dark again.
 */
export async function expectAccessibleInBothSchemes(page: Page, app: string, name: string, exclude: string[] = []) {
  for (const colorScheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme });
    await expectAccessible(page, `${app} ${name} (${colorScheme})`, exclude);
    await screenshot(page, app, `a11y-${name}-${colorScheme}`);
  }
  await page.emulateMedia({ colorScheme: 'dark' });
}

/** What a keyboard user sees of the focused element: where it is, what it says, and its focus ring. */
type FocusStop = { label: string; tag: string; box: string; inViewport: boolean; onTop: boolean; ring: string };

const ringOf = (element: ElementHandle<Element>) =>
  element.evaluate((el) => {
    const style = getComputedStyle(el);
    const outline = style.outlineStyle === 'none' || parseFloat(style.outlineWidth) === 0 ? 'none' : `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`;
    return `outline: ${outline}; box-shadow: ${style.boxShadow}; border: ${style.borderColor}; background: ${style.backgroundColor}`;
  });

/**
 * Moves through the page with the Tab key only, `steps` times, and checks every element that gets focus:
 * it is inside the viewport, nothing covers it, and it looks different focused than once focus moved on
 * (its focus ring). An element counts once focus has moved on from it, so the last Tab only ends the
 * walk. Returns the checked elements' accessible labels, in order; callers say which they expect.
 */
export async function tabThrough(page: Page, steps: number) {
  const stops: (FocusStop & { unfocusedRing: string })[] = [];
  let previous: { handle: ElementHandle<Element>; stop: FocusStop } | undefined;
  for (let i = 0; i < steps; i++) {
    await page.keyboard.press('Tab');
    const handle = (await page.evaluateHandle(() => document.activeElement)).asElement() as ElementHandle<Element> | null;
    // A date field takes several Tabs (day, month, year...) inside one element: still the same stop.
    if (previous && handle && (await handle.evaluate((el, before) => el === before, previous.handle))) continue;
    if (previous) stops.push({ ...previous.stop, unfocusedRing: await ringOf(previous.handle) });
    if (!handle || (await handle.evaluate((el) => el === document.body))) {
      previous = undefined;
      continue;
    }
    const stop = await handle.evaluate((el) => {
      const box = el.getBoundingClientRect();
      // Chrome scrolls a focused element into view to the pixel, rounded: 2 px of slack.
      const inViewport = box.width > 0 && box.height > 0 && box.top >= -2 && box.left >= -2 && box.bottom <= innerHeight + 2 && box.right <= innerWidth + 2;
      const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      const onTop = !!top && (el.contains(top) || top.contains(el) || (el as HTMLInputElement).labels?.[0]?.contains(top) === true);
      const label = (el.getAttribute('aria-label') ?? (el as HTMLElement).innerText ?? '').trim() || (el as HTMLInputElement).labels?.[0]?.innerText.trim() || el.getAttribute('data-testid') || '';
      const where = `${Math.round(box.left)},${Math.round(box.top)} ${Math.round(box.width)}x${Math.round(box.height)} in ${innerWidth}x${innerHeight}`;
      return { label: label.replace(/\s+/g, ' '), tag: el.tagName.toLowerCase(), box: where, inViewport, onTop };
    });
    previous = { handle, stop: { ...stop, ring: await ringOf(handle) } };
  }
  for (const stop of stops) {
    const what = `${stop.tag} "${stop.label}"`;
    expect(stop.inViewport, `${what} is focused outside the viewport (${stop.box})`).toBe(true);
    expect(stop.onTop, `${what} is focused but covered by another element`).toBe(true);
    expect(stop.ring, `${what} looks the same with and without focus`).not.toBe(stop.unfocusedRing);
  }
  return stops.map((stop) => stop.label);
}

/** The accessible label of the focused element, roughly: aria-label, its text, or its <label>'s text. */
const focusedLabel = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    return (el?.getAttribute('aria-label') ?? el?.innerText ?? '').trim() || el?.labels?.[0]?.innerText.trim() || '';
  });

/** Presses Tab until the element with this accessible label has focus. */
export async function tabTo(page: Page, label: string | RegExp, maxSteps = 40) {
  for (let i = 0; i < maxSteps; i++) {
    await page.keyboard.press('Tab');
    const focused = await focusedLabel(page);
    if (typeof label === 'string' ? focused === label : label.test(focused)) return;
  }
  throw new Error(`Tab never reached ${label}`);
}

/** Presses Tab until the element with this accessible label has focus, then presses `key` on it. */
export async function tabToAndPress(page: Page, label: string | RegExp, key: 'Enter' | ' ') {
  await tabTo(page, label);
  await page.keyboard.press(key);
}
