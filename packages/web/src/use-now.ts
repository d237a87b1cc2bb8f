import { useEffect, useState } from 'react';
import { serverNow } from './server-clock.ts';

/**
 * The server-corrected time in ms, rendered again every `everyMs` (null: not ticking), for openings,
 * countdowns and moving windows. The time is read at each render, not kept from the last tick: whatever
 * happened just before this render (a scan in a minute that has just begun) is never younger than "now".
 */
export function useNow(everyMs: number | null) {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (everyMs === null) return;
    const timer = setInterval(() => setTick((tick) => tick + 1), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return serverNow().getTime();
}
