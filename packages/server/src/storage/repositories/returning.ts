import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

const n = (value: string | number | bigint | null | undefined) => Number(value ?? 0);

/**
 * How an organizer's visitors come back: a visitor is an account holding a live or used admission
 * ticket of one of its events (`holdings`: one row per account and event).
 */
export function returningRepository(db: Kysely<Database>) {
  return {
    /**
     * Every (account, event) pair of the organizer's visitors, ordered by account, for the caller to
     * count in one pass: one indexed read instead of one aggregate query per figure. The account ids
     * stay in the server; only counts leave it.
     */
    holdings: (organizerId: string) =>
      db
        .selectFrom('tickets')
        .innerJoin('events', 'events.id', 'tickets.event_id')
        .innerJoin('ticket_types', 'ticket_types.id', 'tickets.ticket_type_id')
        .select(['tickets.account_id', 'tickets.event_id'])
        .distinct()
        .where('events.organizer_id', '=', organizerId)
        .where('tickets.state', 'in', ['valid', 'checked_in'])
        .where('ticket_types.kind', '=', 'admission')
        .orderBy('tickets.account_id')
        .execute(),

    /** The organizer's events in order of their start. */
    events: (organizerId: string) =>
      db.selectFrom('events').select(['id', 'name', 'starts_at']).where('organizer_id', '=', organizerId).orderBy('starts_at').orderBy('id').execute(),

    /** Accounts with a paid order holding an add-on at any of the organizer's events. */
    async addonBuyers(organizerId: string) {
      const row = await db
        .selectFrom('orders')
        .innerJoin('events', 'events.id', 'orders.event_id')
        .innerJoin('order_items', 'order_items.order_id', 'orders.id')
        .innerJoin('ticket_types', 'ticket_types.id', 'order_items.ticket_type_id')
        .select((eb) => eb.fn.count<string>('orders.account_id').distinct().as('buyers'))
        .where('events.organizer_id', '=', organizerId)
        .where('orders.status', '=', 'paid')
        .where('ticket_types.kind', '=', 'addon')
        .executeTakeFirstOrThrow();
      return n(row.buyers);
    },
  };
}
