/**
 * The server-corrected clock of PROTOCOL.md section 3: wallets and scanners learn the offset between
 * their own clock and the server's from the `Date` header of each API answer, keep it across restarts
 * (the gate may be offline), and stamp presentations and scans with `serverNow()`.
 */
const storageKey = 'tg-clock-offset-ms';
let offsetMs = Number(globalThis.localStorage?.getItem(storageKey) ?? 0) || 0;

/** Learns the offset from one answer; `sentAt`/`receivedAt` are this device's Date.now() around the call. */
export function learnServerTime(response: Response, sentAt: number, receivedAt: number) {
  const header = response.headers.get('date');
  const server = header ? Date.parse(header) : NaN;
  if (Number.isNaN(server)) return;
  // The header has whole seconds: the true time lies in [server, server + 1000), so aim at the middle.
  offsetMs = Math.round(server + 500 - (sentAt + receivedAt) / 2);
  globalThis.localStorage?.setItem(storageKey, String(offsetMs));
}

export const serverNow = () => new Date(Date.now() + offsetMs);
export const clockOffsetMs = () => offsetMs;

/** fetch() that also learns the server's time from the answer. */
export async function timedFetch(input: RequestInfo | URL, init?: RequestInit) {
  const sentAt = Date.now();
  const response = await fetch(input, init);
  learnServerTime(response, sentAt, Date.now());
  return response;
}
