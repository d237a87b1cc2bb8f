import { dpopProof } from './dpop.ts';

export interface StreamHandlers {
  /** What to do with the data of each named event. */
  events: Record<string, (data: string) => void>;
  /** The event that shows the stream is up: it resets the wait before a reopening. */
  upOn: string;
  /** Before each opening (make sure the account exists, say). */
  prepare?: () => Promise<unknown>;
  /** The stream is up (its `upOn` event came). */
  onUp?: () => void;
  /** The stream broke, the phone went offline, or an opening failed: until it is up again. */
  onDown?: () => void;
}

/**
 * A Server-Sent Events stream of the wallet's own (an inbox, a place in a queue). EventSource cannot
 * set headers, so the DPoP proof rides in `?dpop=`; a proof works once, so after any break the stream
 * is reopened by hand with a fresh proof (after 2 s, doubling up to a minute) rather than by
 * EventSource's own retry. Offline it closes and waits for the network. Returns the way to stop it.
 */
export function provedStream(path: string, query: string, handlers: StreamHandlers) {
  let stopped = false;
  let source: EventSource | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let delay = 2000;
  const down = () => {
    source?.close();
    clearTimeout(retry);
    handlers.onDown?.();
  };

  const open = async () => {
    clearTimeout(retry);
    source?.close();
    if (stopped || !navigator.onLine) return;
    await handlers.prepare?.();
    const proof = await dpopProof('GET', path);
    if (stopped) return;
    source = new EventSource(`${path}?dpop=${encodeURIComponent(proof)}${query}`);
    for (const [name, handle] of Object.entries(handlers.events)) {
      source.addEventListener(name, (event) => handle((event as MessageEvent<string>).data));
    }
    source.addEventListener(handlers.upOn, () => {
      delay = 2000;
      handlers.onUp?.();
    });
    source.addEventListener('error', () => {
      down();
      retry = setTimeout(reopen, delay);
      delay = Math.min(delay * 2, 60_000);
    });
  };
  const reopen = () => void open().catch(() => !stopped && handlers.onDown?.());

  reopen();
  window.addEventListener('online', reopen);
  window.addEventListener('offline', down);
  return () => {
    stopped = true;
    source?.close();
    clearTimeout(retry);
    window.removeEventListener('online', reopen);
    window.removeEventListener('offline', down);
  };
}
