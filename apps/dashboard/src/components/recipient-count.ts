import { useEffect, useState } from 'react';
import { api } from '../api-client.ts';
import { routeExists } from '../route-list.ts';

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
  const [recipients, setRecipients] = useState<number | null | 'unavailable' | undefined>();
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

/** How many holders of the event a message with this audience would reach; null when the server cannot count. */
export function useRecipientCount(eventId: string, audience: Audience, marketing: boolean) {
  const recipients = useAudienceCount(`/api/v1/events/${eventId}/audience`, { audience, purpose: marketing ? 'marketing' : 'operational' });
  return recipients === 'unavailable' ? null : recipients;
}
