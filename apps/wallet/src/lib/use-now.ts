import { useEffect, useState } from 'react';
import { serverNow } from '@ticketguard/web/server-clock.ts';

/** The server-corrected time in ms, again every `everyMs` (null: not ticking): for openings and countdowns. */
export function useNow(everyMs: number | null) {
  const [now, setNow] = useState(() => serverNow().getTime());
  useEffect(() => {
    if (everyMs === null) return;
    setNow(serverNow().getTime());
    const timer = setInterval(() => setNow(serverNow().getTime()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
