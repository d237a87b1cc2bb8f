import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

const n = (value: string | number | bigint | null | undefined) => Number(value ?? 0);

/**
 * How an organizer's visitors come back, counted in the database without sending it a single
 * account: a visitor is an account holding a live or used admission ticket of one of its events
 * (`holdings`: one row per account and event).
 */
export function returningRepository(db: Kysely<Database>) {
  const withHoldings = (organizerId: string) =>
    db.with('holdings', (qb) =>
      qb
        .selectFrom('tickets')
        .innerJoin('events', 'events.id', 'tickets.event_id')
        .innerJoin('ticket_types', 'ticket_types.id', 'tickets.ticket_type_id')
        .select(['tickets.account_id', 'tickets.event_id'])
        .distinct()
        .where('events.organizer_id', '=', organizerId)
        .where('tickets.state', 'in', ['valid', 'checked_in'])
        .where('ticket_types.kind', '=', 'admission'),
    );

  return {
    /** How many visitors came to how many events: `[{ events: 1, visitors: 412 }, { events: 2, visitors: 96 }, ...]`. */
    async byEventCount(organizerId: string) {
      const rows = await withHoldings(organizerId)
        .with('counts', (qb) => qb.selectFrom('holdings').select((eb) => ['account_id', eb.fn.countAll<string>().as('events')]).groupBy('account_id'))
        .selectFrom('counts')
        .select((eb) => ['events', eb.fn.countAll<string>().as('visitors')])
        .groupBy('events')
        .execute();
      return rows.map((r) => ({ events: n(r.events), visitors: n(r.visitors) }));
    },

    /** Visitors of both events, for every pair of the organizer's events that shares any. */
    async overlap(organizerId: string) {
      const rows = await withHoldings(organizerId)
        .selectFrom('holdings as a')
        .innerJoin('holdings as b', (join) => join.onRef('a.account_id', '=', 'b.account_id').onRef('a.event_id', '<', 'b.event_id'))
        .select((eb) => ['a.event_id as eventId', 'b.event_id as otherEventId', eb.fn.countAll<string>().as('visitors')])
        .groupBy(['a.event_id', 'b.event_id'])
        .execute();
      return rows.map((r) => ({ eventId: r.eventId, otherEventId: r.otherEventId, visitors: n(r.visitors) }));
    },

    /** Per event: its visitors, and those of them who had been to an earlier event of the organizer. */
    async perEvent(organizerId: string) {
      const rows = await withHoldings(organizerId)
        .with('firsts', (qb) =>
          qb
            .selectFrom('holdings')
            .innerJoin('events', 'events.id', 'holdings.event_id')
            .select((eb) => ['holdings.account_id', eb.fn.min('events.starts_at').as('first')])
            .groupBy('holdings.account_id'),
        )
        .selectFrom('holdings')
        .innerJoin('events', 'events.id', 'holdings.event_id')
        .innerJoin('firsts', 'firsts.account_id', 'holdings.account_id')
        .select((eb) => [
          'events.id',
          'events.name',
          'events.starts_at',
          eb.fn.countAll<string>().as('visitors'),
          eb.fn.sum<string>(eb.case().when('events.starts_at', '>', eb.ref('firsts.first')).then(1).else(0).end()).as('returning'),
        ])
        .groupBy(['events.id', 'events.name', 'events.starts_at'])
        .orderBy('events.starts_at')
        .execute();
      return rows.map((r) => ({ eventId: r.id, name: r.name, startsAt: r.starts_at, visitors: n(r.visitors), returning: n(r.returning) }));
    },

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
