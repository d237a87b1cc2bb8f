/** A message as it reaches a visitor's inbox. */
export interface InboxMessage {
  id: string;
  title: string;
  body: string;
  sentAt: string;
  eventId: string;
  /** The voucher campaign the message came with; the voucher itself is in GET /me/vouchers. */
  voucherCampaignId?: string;
}

type Listener = (message: InboxMessage) => void;

/**
 * Tells the open inbox streams of this process about messages just delivered. In-process only:
 * a message fanned out by another server process (or its job runner) reaches its inboxes, but not
 * the streams open here. To carry it across processes, the fan-out will NOTIFY on PostgreSQL and
 * every process LISTEN; NOTIFY payloads stop at 8,000 bytes, so it will carry the message id and
 * each process will look up which of its own subscribers got it.
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

  /** Open subscriptions, for tests and metrics: it must come back to 0 when every stream is gone. */
  get subscriberCount() {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }
}
