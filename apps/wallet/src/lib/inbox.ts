import { useEffect, useState } from 'react';
import i18next from 'i18next';
import { api, ensureAccount } from './wallet-api.ts';
import { idb } from './idb.ts';

/**
 * A message in the inbox. `eventId` null: news from the organizer to visitors of its events, sent only
 * with their `marketing` consent. `organizerId` is missing in messages an older wallet kept.
 */
export interface Message { id: string; title: string; body: string; sentAt: string; eventId: string | null; organizerId?: string; voucher?: { campaignId: string } }

/** The inbox as the phone last saw it, newest first: shown at once, and offline. */
export const cachedInbox = async () => (await idb.get<Message[]>('meta', 'inbox')) ?? [];
export const keepInbox = (messages: Message[]) => idb.put('meta', 'inbox', messages);

/** The inbox fresh from the server, in the wallet's language, and kept. */
async function loadInbox() {
  await ensureAccount();
  const { messages } = await api<{ messages: Message[] }>('GET', `/api/v1/me/inbox?lang=${i18next.language === 'nl' ? 'nl' : 'en'}`);
  await keepInbox(messages);
  return messages;
}

/**
 * The newest message the visitor has seen in the inbox. Kept as a message's `sentAt` (the server's
 * clock) rather than this phone's time, so a phone with a wrong clock counts right.
 */
const seenKey = 'inboxSeen';
export async function markSeen(messages: Message[]) {
  const newest = messages[0]?.sentAt;
  const seen = await idb.get<string>('meta', seenKey);
  if (newest && (!seen || newest > seen)) await idb.put('meta', seenKey, newest);
}

const everyMs = 60_000;

/**
 * How many messages came since the inbox was last open, for the badge on its tab: asked of the server
 * when the wallet opens, on every change of screen, and every minute; none while the inbox is open.
 */
export function useUnread(path: string) {
  const [unread, setUnread] = useState(0);
  const inInbox = path.startsWith('/inbox');

  useEffect(() => {
    if (inInbox) return setUnread(0);
    let live = true;
    const count = async () => {
      // Offline, or refused: what the phone knows.
      const messages = await loadInbox().catch(cachedInbox);
      const seen = await idb.get<string>('meta', seenKey);
      if (live) setUnread(messages.filter((message) => !seen || message.sentAt > seen).length);
    };
    void count();
    const timer = setInterval(() => void count(), everyMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [path, inInbox]);

  return unread;
}
