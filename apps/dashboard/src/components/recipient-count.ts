import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { api } from '../api-client.ts';
import { routeExists } from '../route-list.ts';
import { count } from '../format.ts';

/** What an audience route answered: a number, null for a group under 10, 'unavailable', or undefined while counting. */
export type Reach = number | null | 'unavailable' | undefined;

export interface Audience {
  ticketTypeIds?: string[];
  checkedIn?: boolean;
}

/**
 * What an audience route answers for this body, asked again 400 ms after the last change (debounced,
 * so ticking boxes does not send a request per click; each count is audit-logged). undefined while
 * asking or with no path; 'unavailable' when the server cannot count; else its `recipients`, which a
 * route that hides small groups gives as null.
 */
export function useAudienceCount(path: string | null, body: unknown) {
  const [recipients, setRecipients] = useState<Reach>();
  const key = JSON.stringify(body);
  useEffect(() => {
    let live = true;
    setRecipients(undefined);
    if (!path) return;
    const timer = setTimeout(async () => {
      try {
        if (!(await routeExists(path, 'post'))) return void (live && setRecipients('unavailable'));
        const answer = await api<{ recipients: number | null }>(path, 'POST', body);
        if (live) setRecipients(answer.recipients);
      } catch {
        if (live) setRecipients('unavailable');
      }
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // The key stands for the body, which is a new object on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path, key]);
  return recipients;
}

/** How many holders of the event a message with this audience would reach. */
export const useRecipientCount = (eventId: string, audience: Audience, marketing: boolean) =>
  useAudienceCount(`/api/v1/events/${eventId}/audience`, { audience, purpose: marketing ? 'marketing' : 'operational' });

/** The reach for a confirmation, in the words of holders or of visitors: "12 holders", "fewer than 10 visitors", or not counted. */
export function reachNow(reach: Reach, t: TFunction, words: 'messages' | 'segments', k = 10) {
  if (reach === null) return t(`${words}.reachNowFew`, { k });
  return typeof reach === 'number' ? t(`${words}.reachNow`, { count: reach, formatted: count(reach) }) : t(`${words}.reachUnknown`);
}
