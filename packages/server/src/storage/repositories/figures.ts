import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

const n = (value: string | number | bigint | null | undefined) => Number(value ?? 0);

/**
 * Times are ISO 8601 UTC text, so the first 16 characters name the minute ("2026-11-29T20:01"),
 * 13 the hour and 10 the day. Grouping by that prefix is the same on SQLite and PostgreSQL and
 * lets the database aggregate 100,000 tickets without sending them over.
 */
const prefix = (column: string, length: number) => sql<string>`substr(${sql.ref(column)}, 1, ${sql.lit(length)})`;

/** Aggregates for the organizer's dashboard: sales over time and activity at the gates. */
export function figuresRepository(db: Kysely<Database>) {
  return {
    /** Tickets sold per time bucket and ticket type: paid orders of new tickets (not exchange resales), by paid time. */
    async salesBuckets(eventId: string, prefixLength: number) {
      const rows = await db
        .selectFrom('order_items')
        .innerJoin('orders', 'orders.id', 'order_items.order_id')
        .select((eb) => [
          prefix('orders.settled_at', prefixLength).as('bucket'),
          'order_items.ticket_type_id',
          eb.fn.sum<string>('order_items.quantity').as('tickets'),
          eb.fn.sum<string>(sql`${sql.ref('order_items.quantity')} * ${sql.ref('order_items.unit_price_cents')}`).as('revenue'),
        ])
        .where('orders.event_id', '=', eventId)
        .where('orders.status', '=', 'paid')
        .where('orders.resale_listing_id', 'is', null)
        .groupBy([prefix('orders.settled_at', prefixLength), 'order_items.ticket_type_id'])
        .orderBy('bucket')
        .orderBy('order_items.ticket_type_id')
        .execute();
      return rows.map((r) => ({ bucket: r.bucket, ticketTypeId: r.ticket_type_id, tickets: n(r.tickets), revenueCents: n(r.revenue) }));
    },

    /**
     * Money given back to buyers of paid orders (revocations, cancellation), or on its way: not the face
     * value passed on to exchange sellers, not a failed refund, and not the refund of a payment that
     * never counted as a sale (a late payment, an order kept aside).
     */
    async refundedCents(eventId: string, resaleReason: string) {
      const row = await db
        .selectFrom('refunds')
        .innerJoin('orders', 'orders.id', 'refunds.order_id')
        .select((eb) => eb.fn.sum<string>('refunds.amount_cents').as('cents'))
        .where('orders.event_id', '=', eventId)
        .where('orders.status', '=', 'paid')
        .where('refunds.status', '!=', 'failed')
        .where('refunds.reason', '!=', resaleReason)
        .executeTakeFirstOrThrow();
      return n(row.cents);
    },

    /** Pending orders still holding seats at `now`. */
    async holds(eventId: string, now: string) {
      const row = await db
        .selectFrom('orders')
        .innerJoin('order_items', 'order_items.order_id', 'orders.id')
        .select((eb) => [eb.fn.count<string>('orders.id').distinct().as('orders'), eb.fn.sum<string>('order_items.quantity').as('tickets')])
        .where('orders.event_id', '=', eventId)
        .where('orders.status', '=', 'pending')
        .where('orders.expires_at', '>', now)
        .executeTakeFirstOrThrow();
      return { orders: n(row.orders), tickets: n(row.tickets) };
    },

    /** Check-ins per minute and gate: the entries that count, after late uploads re-ordered them. */
    async entriesPerMinute(eventId: string) {
      const rows = await db
        .selectFrom('check_ins')
        .select((eb) => [prefix('scanned_at', 16).as('minute'), 'gate', eb.fn.countAll<string>().as('count')])
        .where('event_id', '=', eventId)
        .groupBy([prefix('scanned_at', 16), 'gate'])
        .orderBy('minute')
        .orderBy('gate')
        .execute();
      return rows.map((r) => ({ minute: r.minute, gate: r.gate, count: n(r.count) }));
    },

    /** Recorded scans at the doors by verdict and reason; vouchers scanned at a bar are not door traffic. */
    async scanVerdicts(eventId: string) {
      const rows = await db
        .selectFrom('scans')
        .leftJoin('vouchers', 'vouchers.id', 'scans.subject_id')
        .select((eb) => ['scans.verdict', 'scans.reason', eb.fn.countAll<string>().as('count')])
        .where('scans.event_id', '=', eventId)
        .where('vouchers.id', 'is', null)
        .groupBy(['scans.verdict', 'scans.reason'])
        .execute();
      return rows.map((r) => ({ verdict: r.verdict, reason: r.reason, count: n(r.count) }));
    },

    /**
     * Tickets admitted twice: a scan its scanner admitted offline (`local_verdict = 'accepted'`) that the
     * server, on sync, refused as `already_used`. The same rule lists them (gate.duplicateAdmissions).
     */
    async duplicateTickets(eventId: string) {
      const row = await db
        .selectFrom('scans')
        .select((eb) => eb.fn.count<string>('subject_id').distinct().as('tickets'))
        .where('event_id', '=', eventId)
        .where('local_verdict', '=', 'accepted')
        .where('verdict', '=', 'rejected')
        .where('reason', '=', 'already_used')
        .executeTakeFirstOrThrow();
      return n(row.tickets);
    },
  };
}
