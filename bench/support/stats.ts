/** Figures from samples, and how the reports write them. */

export function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The p-th percentile of `values`, NaN if there are none. 'nearest' is the nearest-rank value (index
 * ceil(p/100 n) - 1). 'above' is the rule the on-sale bench has always used (index floor(p/100 n)): the
 * next value up when p/100 n is whole; it stays so that its figures compare with earlier RESULTS.md sections.
 */
export function percentile(values: ArrayLike<number>, p: number, rule: 'nearest' | 'above' = 'nearest') {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = rule === 'nearest' ? Math.ceil((p / 100) * sorted.length) - 1 : Math.floor((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, rank)]!;
}

export const fixed = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
export const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
