import type { MessageTranslations } from './translations.ts';

/** A message as it reaches a visitor's inbox; each reader sees it in their language (textIn). */
export interface InboxMessage {
  id: string;
  title: string;
  body: string;
  translations: MessageTranslations;
  sentAt: string;
  organizerId: string;
  organizerName: string;
  /** News from the organizer (needs the visitor's marketing consent) rather than about a visit. */
  marketing: boolean;
  /** Null for a message to the organizer's visitors across events (a segment). */
  eventId: string | null;
  /** The voucher campaign the message came with; the voucher itself is in GET /me/vouchers. */
  voucherCampaignId?: string;
}

type Listener = (message: InboxMessage) => void;

/**
 * Tells the open inbox streams of this process about messages just delivered. In-process only,
 * which is all SQLite needs (one process); on PostgreSQL SharedInboxBus carries each message to
 * the streams of the other processes too.
 */
export class InboxBus {
  private readonly listeners = new Map<string, Set<Listener>>();

  /** Returns the unsubscribe function; calling it more than once is harmless. */
  subscribe(accountId: string, listener: Listener) {
    let set = this.listeners.get(accountId);
    if (!set) this.listeners.set(accountId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(accountId) === set) this.listeners.delete(accountId);
    };
  }

  publish(message: InboxMessage, accountIds: readonly string[]) {
    if (this.listeners.size === 0) return;
    for (const accountId of accountIds) {
      for (const listener of this.listeners.get(accountId) ?? []) {
        try {
          listener(message);
        } catch {
          // One broken stream must not keep the message from the others.
        }
      }
    }
  }

  /** The accounts with a stream open in this process. */
  listeningAccounts() {
    return [...this.listeners.keys()];
  }

  async close() {}

  /** Open subscriptions, for tests and metrics: it must come back to 0 when every stream is gone. */
  get subscriberCount() {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }
}
