/** A per-minute chart shows at most the latest day; figures whose last minute is more than an hour ago end there instead of at now. */
const MAX_SPAN = 24 * 3600;
const LIVE_GAP = 3600;

/**
 * The x axis of a live per-minute chart, in unix seconds: every minute from the first with figures to
 * now (quiet ones too, so a line does not slope across a pause), and the range with a minute either side.
 */
export function minuteAxis(minutes: number[]) {
  const sorted = [...minutes].sort((a, b) => a - b);
  const now = Math.floor(Date.now() / 60_000) * 60;
  const latest = sorted[sorted.length - 1] ?? now;
  const end = now - latest < LIVE_GAP ? Math.max(now, latest) : latest;
  const start = Math.max(sorted[0] ?? end, end - MAX_SPAN);
  const x = Array.from({ length: (end - start) / 60 + 1 }, (_, i) => start + i * 60);
  return { x, xRange: [start - 60, end + 60] as [number, number] };
}
