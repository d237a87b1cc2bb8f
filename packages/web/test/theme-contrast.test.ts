import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The shared theme's colours against WCAG 2.1 AA, in the dark and the light scheme. axe checks text on
 * the rendered pages; the borders of fields and the focus ring (non-text contrast, 1.4.11) it does not.
 */
const css = readFileSync(new URL('../src/theme.css', import.meta.url), 'utf8');

function colours(block: string) {
  return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6});/gi)].map(([, name, value]) => [name!, value!]));
}
const dark = colours(css.slice(css.indexOf(':root'), css.indexOf('@media (prefers-color-scheme: light)')));
const light = { ...dark, ...colours(css.slice(css.indexOf('@media (prefers-color-scheme: light)'))) };

function luminance(hex: string) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const ratio = (a: string, b: string) => {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high! + 0.05) / (low! + 0.05);
};

const backgrounds = ['bg', 'surface', 'surface-2'];
const pairs: [foreground: string, needs: number][] = [
  ['text', 4.5],
  ['muted', 4.5],
  ['accent', 4.5],
  ['ok', 4.5],
  ['bad', 4.5],
  ['warn', 4.5],
  ['border', 3],
  ['focus', 3],
];

describe('theme colours', () => {
  for (const [scheme, theme] of [['dark', dark], ['light', light]] as const) {
    it(`meet WCAG 2.1 AA in the ${scheme} scheme: text 4.5:1, field borders and the focus ring 3:1`, () => {
      const short = pairs.flatMap(([foreground, needs]) =>
        backgrounds.filter((background) => ratio(theme[foreground]!, theme[background]!) < needs).map((background) => `${foreground} on ${background}: ${ratio(theme[foreground]!, theme[background]!).toFixed(2)}:1, needs ${needs}:1`),
      );
      expect(short).toEqual([]);
      // White text on the filled badges and verdict screens, and the accent button's own text.
      expect(ratio('#ffffff', theme['ok-bg']!)).toBeGreaterThanOrEqual(4.5);
      expect(ratio('#ffffff', theme['bad-bg']!)).toBeGreaterThanOrEqual(4.5);
      expect(ratio(theme['accent-text']!, theme.accent!)).toBeGreaterThanOrEqual(4.5);
    });
  }
});
