import type { Notifications } from '../../storage/notifications.ts';

/** The NOTIFY topic of a key change (a recovery or an erasure), sent in that change's transaction. */
export const keyChangeTopic = 'holder_keys';

/** Without word of key changes, a key change in another process is seen within this. */
const shortMs = 2000;
/** While this process hears of every key change (PostgreSQL NOTIFY), it trusts an answer this long. */
const longMs = 5 * 60_000;
const maxKeys = 50_000;

/**
 * What this process knows of holder keys: which account a thumbprint opens. Every wallet request
 * asks, and during an on-sale the same phone asks again and again (the queue, then the order), so a
 * read here saves a round trip to the database on each.
 *
 * A recovery or an erasure moves keys to another account. In this process `forget()` applies it at
 * once. Processes sharing PostgreSQL hear of it by NOTIFY, which the change sends in its own
 * transaction (so it arrives exactly when the change is committed): while a process listens, it
 * keeps answers 5 minutes; when its listening connection is lost it forgets everything and keeps
 * answers 2 seconds until it listens again. Alone on SQLite, answers are kept 2 seconds, in case
 * another process shares the file.
 */
export class KeyMemory {
  private readonly known = new Map<string, { accountId: string; until: number }>();
  private trustMs = shortMs;
  /** Counts forgets, so that an answer read from the database before a forget is not kept after it. */
  private generation = 0;
  private stopListening = async () => {};

  /** Listens for key changes on `notifications` when the database has them (PostgreSQL). */
  static async start(notifications?: Notifications) {
    const memory = new KeyMemory();
    if (!notifications) return memory;
    let lost = false;
    memory.stopListening = await notifications.listen(keyChangeTopic, () => memory.forget(), {
      onError: () => {
        lost = true;
        memory.trustMs = shortMs;
        memory.forget();
      },
      onResume: () => {
        memory.forget();
        memory.trustMs = longMs;
      },
    });
    if (!lost) memory.trustMs = longMs;
    return memory;
  }

  /** The account this thumbprint opens, if known and still trusted; `read` asks the database otherwise. */
  async accountOf(thumbprint: string, read: () => Promise<string | undefined>) {
    const hit = this.known.get(thumbprint);
    if (hit && hit.until > Date.now()) return hit.accountId;
    const generation = this.generation;
    const accountId = await read();
    if (accountId && generation === this.generation) {
      if (this.known.size >= maxKeys) this.known.clear();
      this.known.set(thumbprint, { accountId, until: Date.now() + this.trustMs });
    }
    return accountId;
  }

  forget() {
    this.generation += 1;
    this.known.clear();
  }

  close() {
    return this.stopListening();
  }
}
