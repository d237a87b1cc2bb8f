import { useEffect, useState } from 'react';
import { ApiError, api, ensureAccount } from './wallet-api.ts';
import { provedStream } from './proved-stream.ts';
import { idb } from './idb.ts';

export type PlaceState = 'drawing' | 'waiting' | 'admitted' | 'used' | 'expired' | 'sold_out';

/** A place in an event's waiting room, as the server tells it (API.md, "On-sale waiting room"). */
export interface Place {
  /** Null until the draw at the opening, for those who came before it. */
  position: number | null;
  ahead: number | null;
  state: PlaceState;
  estimatedWaitSeconds: number | null;
  /** While `drawing`: when the draw gives everyone who came early a random place. */
  drawAt?: string | null;
  /** While `admitted`: sent as `Queue-Admission` with the order, valid until `admissionExpiresAt`. */
  admission?: string;
  admissionExpiresAt?: string;
  /** Sold out, and the event sells returned tickets through its exchange's waiting list. */
  exchangeWaitlist?: boolean;
}

/** What the phone keeps of a queue it joined: that it did, and how many were ahead when it first had a place. */
interface Joined {
  joinedAt: string;
  startAhead?: number;
}

const pollMs = 4000;
const key = (eventId: string) => `queue:${eventId}`;
const queuePath = (eventId: string) => `/api/v1/events/${eventId}/queue`;
export const queueing = (place: Place | undefined) => place?.state === 'drawing' || place?.state === 'waiting';

/** The last place seen per event in this tab: the screen opened next starts from it rather than from blank. */
const seen = new Map<string, Place>();
export const lastPlace = (eventId: string) => seen.get(eventId);

/** Keeps a place: in memory, and on the phone the first `ahead` it had (where its progress bar starts). */
async function keep(eventId: string, place: Place) {
  seen.set(eventId, place);
  const joined = await idb.get<Joined>('meta', key(eventId));
  if (joined && (joined.startAhead !== undefined || place.ahead === null)) return joined;
  const next = { joinedAt: joined?.joinedAt ?? new Date().toISOString(), ...(place.ahead === null ? {} : { startAhead: place.ahead }) };
  await idb.put('meta', key(eventId), next);
  return next;
}

/** Joins the event's queue (a repeat answers the same place) and remembers on the phone that it did. */
export async function joinQueue(eventId: string) {
  await ensureAccount();
  const place = await api<Place>('POST', queuePath(eventId), {});
  await keep(eventId, place);
  return place;
}

/** This phone's place, or undefined when it has not joined (a place the server no longer knows is forgotten). */
export async function loadPlace(eventId: string) {
  if (!(await idb.get<Joined>('meta', key(eventId)))) return undefined;
  try {
    const place = await api<Place>('GET', `${queuePath(eventId)}/me`);
    await keep(eventId, place);
    return place;
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'not_found')) throw error;
    seen.delete(eventId);
    await idb.delete('meta', key(eventId));
    return undefined;
  }
}

/**
 * The phone's place, live: a Server-Sent Events stream (see provedStream) sends it at once and
 * whenever it changes. While it is down or the phone is offline, the place is polled every few seconds. `missing`: this phone is not in the queue.
 */
export function usePlace(eventId: string) {
  const [place, setPlace] = useState(() => seen.get(eventId));
  const [startAhead, setStartAhead] = useState<number>();
  const [live, setLive] = useState(false);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    let stopped = false;
    let stop = () => {};
    let poll: ReturnType<typeof setInterval> | undefined;

    const take = (next: Place | undefined) => {
      if (stopped) return;
      if (!next) return setMissing(true);
      setPlace(next);
      setError(undefined);
      void keep(eventId, next).then((joined) => !stopped && setStartAhead(joined.startAhead));
    };
    const check = () => loadPlace(eventId).then(take, (e: unknown) => !stopped && setError(e));
    const polling = () => (poll ??= setInterval(() => void check(), pollMs));

    void idb.get<Joined>('meta', key(eventId)).then((joined) => {
      if (!joined || stopped) return take(undefined);
      setStartAhead(joined.startAhead);
      if (!navigator.onLine) polling();
      stop = provedStream(`${queuePath(eventId)}/stream`, '', {
        upOn: 'place',
        events: {
          place: (data) => {
            setLive(true);
            clearInterval(poll);
            poll = undefined;
            take(JSON.parse(data) as Place);
          },
        },
        // While the stream is down (or the phone offline) the place is polled, and asked for at once when online.
        onDown: () => {
          setLive(false);
          polling();
          if (navigator.onLine) void check();
        },
      });
    }).catch(polling);
    return () => {
      stopped = true;
      stop();
      clearInterval(poll);
    };
  }, [eventId]);

  return { place, startAhead, live, missing, error };
}
