import { randomUUID } from 'node:crypto';
import type { Notifications } from '../../storage/notifications.ts';
import type { Repositories } from '../../storage/store.ts';
import type { Clock } from '../clock.ts';
import { InboxBus, type InboxMessage } from './inbox-bus.ts';
import { translationsOf } from './translations.ts';

const topic = 'tg_inbox';
/** Accounts looked up per query: an IN list this long is still one cheap index scan. */
const lookupChunk = 500;
/** On a reconnect, messages delivered this long before the connection was lost are sent again (streams skip repeats). */
const catchUpMarginMs = 60_000;

type InboxRow = Awaited<ReturnType<Repositories['messages']['recipientsAmong']>>[number];

interface Announcement {
  /** Message id. */
  m: string;
  /** The process that published it, which has told its own streams already. */
  o: string;
}

/**
 * The inbox bus of several processes on one PostgreSQL. A message published here reaches this
 * process's streams at once, and every other process by NOTIFY; the payload is only the message
 * id (NOTIFY stops at 8,000 bytes and a fan-out may reach 100,000 accounts), so each process looks
 * up which of its own open streams are recipients, in the inbox table. The message was committed
 * before it is published, so the lookup always finds it. While the notification connection is down
 * (PostgreSQL restarted, a network blip), NOTIFYs are missed; once it listens again, the bus looks up
 * what reached its streams' accounts since shortly before the loss and passes that on.
 */
export class SharedInboxBus extends InboxBus {
  private readonly origin = randomUUID();
  private stopListening: () => Promise<void> = async () => {};
  /** When the notification connection was lost, until the catch-up after it is back. */
  private lostAt: Date | undefined;

  private constructor(
    private readonly notifications: Notifications,
    private readonly repos: Repositories,
    private readonly log: (error: unknown, message: string) => void,
  ) {
    super();
  }

  static async start(notifications: Notifications, repos: Repositories, clock: Clock, log: (error: unknown, message: string) => void) {
    const bus = new SharedInboxBus(notifications, repos, log);
    bus.stopListening = await notifications.listen(
      topic,
      (payload) => void bus.received(payload).catch((error: unknown) => log(error, 'could not pass a message on to the inbox streams')),
      {
        onError: (error) => {
          bus.lostAt ??= clock();
          log(error, 'lost the inbox notification connection; reconnecting');
        },
        onResume: () => void bus.catchUp().catch((error: unknown) => log(error, 'could not catch up on the inbox after a reconnect')),
      },
    );
    return bus;
  }

  override publish(message: InboxMessage, accountIds: readonly string[]) {
    super.publish(message, accountIds);
    if (accountIds.length === 0) return;
    const announcement: Announcement = { m: message.id, o: this.origin };
    this.notifications.notify(topic, JSON.stringify(announcement)).catch((error: unknown) => this.log(error, 'could not announce a message to the other processes'));
  }

  private async received(payload: string) {
    const { m: messageId, o: origin } = JSON.parse(payload) as Announcement;
    if (origin === this.origin) return;
    await this.passOn((accounts) => this.repos.messages.recipientsAmong(messageId, accounts));
  }

  private async catchUp() {
    const lostAt = this.lostAt;
    this.lostAt = undefined;
    if (!lostAt) return;
    const since = new Date(lostAt.getTime() - catchUpMarginMs).toISOString();
    await this.passOn((accounts) => this.repos.messages.deliveredSince(since, accounts));
  }

  /** Looks up inbox rows of the accounts with a stream open here, a chunk at a time, and tells their streams. */
  private async passOn(lookup: (accounts: string[]) => Promise<InboxRow[]>) {
    const listening = this.listeningAccounts();
    for (let i = 0; i < listening.length; i += lookupChunk) {
      for (const row of await lookup(listening.slice(i, i + lookupChunk))) {
        const message: InboxMessage = {
          id: row.id, title: row.title, body: row.body, translations: translationsOf(row), sentAt: row.delivered_at, eventId: row.event_id, organizerId: row.organizer_id, organizerName: row.organizer_name, marketing: row.marketing === 1,
          ...(row.voucher_campaign_id ? { voucherCampaignId: row.voucher_campaign_id } : {}),
        };
        super.publish(message, [row.account_id]);
      }
    }
  }

  override async close() {
    await this.stopListening();
  }
}
