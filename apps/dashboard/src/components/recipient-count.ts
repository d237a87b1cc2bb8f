import { useEffect, useState } from 'react';
import { api } from '../api-client.ts';
import { routeExists } from '../route-list.ts';

export interface Audience {
  ticketTypeIds?: string[];
  checkedIn?: boolean;
}

/**
 * How many holders a message with this audience would reach, asked again 400 ms after the last change
 * (debounced, so ticking boxes does not send a request per click). undefined while asking; null when
 * the server cannot count.
 */
export function useRecipientCount(eventId: string, audience: Audience, marketing: boolean) {
  const [recipients, setRecipients] = useState<number | null | undefined>();
  const key = JSON.stringify([audience, marketing]);
  useEffect(() => {
    let live = true;
    setRecipients(undefined);
    const path = `/api/v1/events/${eventId}/audience`;
    const timer = setTimeout(async () => {
      try {
        if (!(await routeExists(path, 'post'))) return void (live && setRecipients(null));
        const answer = await api<{ recipients: number }>(path, 'POST', { audience, purpose: marketing ? 'marketing' : 'operational' });
        if (live) setRecipients(answer.recipients);
      } catch {
        if (live) setRecipients(null);
      }
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // The key stands for the audience object, which is new on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [eventId, key]);
  return recipients;
}
