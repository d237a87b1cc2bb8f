import { sql, type Kysely } from 'kysely';
import type { Database, MessageAudience, MessagesTable } from '../schema.ts';

export interface Delivery {
  message: Pick<MessagesTable, 'id' | 'event_id' | 'organizer_id' | 'marketing'>;
  audience: MessageAudience;
  now: string;
  /** Only holders of these tickets (the check-ins of one scan batch). */
  ticketIds?: string[];
}

export function messagesRepository(db: Kysely<Database>) {
  /** One row per account holding a live ticket of the event that fits the audience. */
  const recipients = ({ message, audience, now, ticketIds }: Delivery) =>
    db
      .selectFrom('tickets')
      .select([
        // Typed constants: PostgreSQL cannot guess the type of a bare parameter under DISTINCT.
        sql<string>`cast(${message.id} as text)`.as('message_id'),
        'account_id',
        sql<string>`cast(${now} as text)`.as('delivered_at'),
      ])
      .distinct()
      .$if(audience.heldEventIds === undefined, (q) => q.where('event_id', '=', message.event_id!))
      .$if(audience.heldEventIds !== undefined, (q) => q.where('event_id', 'in', audience.heldEventIds!))
      .where('state', 'in', audience.checkedIn === undefined ? ['valid', 'checked_in'] : [audience.checkedIn ? 'checked_in' : 'valid'])
      .$if(audience.ticketTypeIds !== undefined, (q) => q.where('ticket_type_id', 'in', audience.ticketTypeIds!))
      .$if(ticketIds !== undefined, (q) => q.where('id', 'in', ticketIds!))
      // Marketing reaches only holders whose newest `marketing` ledger row at this organizer grants it.
      .$if(message.marketing === 1, (q) =>
        q.where(
          (eb) =>
            eb
              .selectFrom('consents')
              .select('consents.granted')
              .whereRef('consents.account_id', '=', 'tickets.account_id')
              .where('consents.organizer_id', '=', message.organizer_id)
              .where('consents.purpose', '=', 'marketing')
              .orderBy('consents.id', 'desc')
              .limit(1),
          '=',
          1,
        ),
      );

  /** Inbox rows of these accounts with their messages, as the inbox streams send them. */
  const inboxRowsOf = (accountIds: readonly string[]) =>
    db
      .selectFrom('inbox')
      .innerJoin('messages', 'messages.id', 'inbox.message_id')
      .innerJoin('organizers', 'organizers.id', 'messages.organizer_id')
      .select([
        'inbox.account_id', 'messages.id', 'messages.title', 'messages.body', 'messages.translations', 'messages.event_id', 'messages.organizer_id',
        'organizers.name as organizer_name', 'messages.marketing', 'messages.voucher_campaign_id', 'inbox.delivered_at',
      ])
      .where('inbox.account_id', 'in', accountIds);

  return {
    async insert(row: MessagesTable) {
      await db.insertInto('messages').values(row).execute();
    },

    /** How many accounts a delivery would reach now: the very query that delivers, counted. */
    async countRecipients(delivery: Delivery) {
      const row = await db
        .selectFrom(recipients(delivery).as('r'))
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    /** How many inboxes hold each message now. */
    async inboxCounts(messageIds: string[]) {
      if (messageIds.length === 0) return new Map<string, { delivered: number }>();
      const rows = await db
        .selectFrom('inbox')
        .select((eb) => ['message_id', eb.fn.countAll<string>().as('delivered')])
        .where('message_id', 'in', messageIds)
        .groupBy('message_id')
        .execute();
      return new Map(rows.map((r) => [r.message_id, { delivered: Number(r.delivered) }]));
    },

    async countPush(id: string, sent: number, failed: number) {
      if (sent === 0 && failed === 0) return;
      await db
        .updateTable('messages')
        .set({ push_sent: sql`push_sent + ${sent}`, push_failed: sql`push_failed + ${failed}` })
        .where('id', '=', id)
        .execute();
    },

    find: (id: string) => db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst(),

    ofEvent: (eventId: string) =>
      db.selectFrom('messages').selectAll().where('event_id', '=', eventId).orderBy('created_at', 'desc').orderBy('id').execute(),

    /** The organizer's messages to segments across its events, newest first. */
    segmentMessagesOf: (organizerId: string) =>
      db.selectFrom('messages').selectAll().where('organizer_id', '=', organizerId).where('event_id', 'is', null).orderBy('created_at', 'desc').orderBy('id').execute(),

    /**
     * Puts the message into every recipient's inbox in one INSERT ... SELECT, however many there
     * are, and counts them on the message. An inbox that has it already is left alone, so a
     * delivery repeated for the same tickets adds nobody twice. Returns the accounts reached.
     */
    async deliver(delivery: Delivery) {
      const rows = await db
        .insertInto('inbox')
        .columns(['message_id', 'account_id', 'delivered_at'])
        .expression(recipients(delivery))
        .onConflict((oc) => oc.columns(['message_id', 'account_id']).doNothing())
        .returning('account_id')
        .execute();
      if (rows.length > 0) {
        await db.updateTable('messages').set({ recipients: sql`recipients + ${rows.length}` }).where('id', '=', delivery.message.id).execute();
      }
      return rows.map((r) => r.account_id);
    },

    /** scheduled -> `to`; false if it is no longer scheduled (sent or cancelled by someone else first). */
    async leaveScheduled(id: string, to: 'sent' | 'cancelled', now: string) {
      const result = await db
        .updateTable('messages')
        .set({ status: to, ...(to === 'sent' ? { sent_at: now } : {}) })
        .where('id', '=', id)
        .where('status', '=', 'scheduled')
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    armedOnCheckIn: (eventId: string) =>
      db.selectFrom('messages').selectAll().where('event_id', '=', eventId).where('trigger', '=', 'checkin').where('status', '=', 'scheduled').execute(),

    scheduledBeforeStart: (eventId: string) =>
      db.selectFrom('messages').selectAll().where('event_id', '=', eventId).where('trigger', '=', 'before_start').where('status', '=', 'scheduled').execute(),

    async setSendAt(id: string, sendAt: string) {
      await db.updateTable('messages').set({ send_at: sendAt }).where('id', '=', id).execute();
    },

    /** Which of these accounts have the message in their inbox, and since when. */
    recipientsAmong: (messageId: string, accountIds: readonly string[]) => inboxRowsOf(accountIds).where('inbox.message_id', '=', messageId).execute(),

    /** What reached these accounts' inboxes since `since`, oldest first. */
    deliveredSince: (since: string, accountIds: readonly string[]) =>
      inboxRowsOf(accountIds).where('inbox.delivered_at', '>=', since).orderBy('inbox.delivered_at').execute(),

    /** An account's inbox, newest first. */
    inboxOf: (accountId: string, limit: number) =>
      db
        .selectFrom('inbox')
        .innerJoin('messages', 'messages.id', 'inbox.message_id')
        .innerJoin('organizers', 'organizers.id', 'messages.organizer_id')
        .select([
          'messages.id', 'messages.title', 'messages.body', 'messages.translations', 'messages.event_id', 'messages.organizer_id',
          'organizers.name as organizer_name', 'messages.marketing', 'messages.voucher_campaign_id', 'inbox.delivered_at',
        ])
        .where('inbox.account_id', '=', accountId)
        .orderBy('inbox.delivered_at', 'desc')
        .orderBy('messages.id', 'desc')
        .limit(limit)
        .execute(),
  };
}
