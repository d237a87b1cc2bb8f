import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

const n = (value: string | number | bigint | null | undefined) => Number(value ?? 0);

export function insightsRepository(db: Kysely<Database>) {
  return {
    /** Admission tickets only: an add-on beside a ticket is neither another visitor nor another entry. */
    async salesOfEvent(eventId: string, now: string) {
      const tickets = await db
        .selectFrom('tickets')
        .innerJoin('ticket_types', 'ticket_types.id', 'tickets.ticket_type_id')
        .select((eb) => [
          eb.fn.countAll<string>().as('sold'),
          eb.fn.count<string>('tickets.account_id').distinct().as('holders'),
          eb.fn.sum<string>(eb.case().when('tickets.state', '=', 'checked_in').then(1).else(0).end()).as('checked_in'),
        ])
        .where('tickets.event_id', '=', eventId)
        .where('tickets.state', '!=', 'revoked')
        .where('ticket_types.kind', '=', 'admission')
        .executeTakeFirstOrThrow();
      const orders = await db
        .selectFrom('orders')
        .select((eb) => [
          eb.fn.count<string>('account_id').distinct().as('buyers'),
          eb.fn.sum<string>('total_cents').as('revenue'),
        ])
        .where('event_id', '=', eventId)
        .where('status', '=', 'paid')
        .executeTakeFirstOrThrow();
      const held = await db
        .selectFrom('order_items')
        .innerJoin('orders', 'orders.id', 'order_items.order_id')
        .select((eb) => eb.fn.sum<string>('order_items.quantity').as('held'))
        .where('orders.event_id', '=', eventId)
        .where('orders.status', '=', 'pending')
        .where('orders.expires_at', '>', now)
        .executeTakeFirstOrThrow();
      return {
        ticketsSold: n(tickets.sold),
        ticketHolders: n(tickets.holders),
        checkedIn: n(tickets.checked_in),
        buyers: n(orders.buyers),
        revenueCents: n(orders.revenue),
        seatsHeld: n(held.held),
      };
    },

    /** Add-ons sold in paid orders (not exchange resales): how many, to how many buyers, for how much. */
    async addonSales(eventId: string) {
      const row = await db
        .selectFrom('order_items')
        .innerJoin('orders', 'orders.id', 'order_items.order_id')
        .innerJoin('ticket_types', 'ticket_types.id', 'order_items.ticket_type_id')
        .select((eb) => [
          eb.fn.sum<string>('order_items.quantity').as('sold'),
          eb.fn.count<string>('orders.account_id').distinct().as('buyers'),
          eb.fn.sum<string>(sql`${sql.ref('order_items.quantity')} * ${sql.ref('order_items.unit_price_cents')}`).as('revenue'),
        ])
        .where('orders.event_id', '=', eventId)
        .where('orders.status', '=', 'paid')
        .where('orders.resale_listing_id', 'is', null)
        .where('ticket_types.kind', '=', 'addon')
        .executeTakeFirstOrThrow();
      return { sold: n(row.sold), buyers: n(row.buyers), revenueCents: n(row.revenue) };
    },

    async soldPerTicketType(eventId: string) {
      const rows = await db
        .selectFrom('tickets')
        .select((eb) => ['ticket_type_id', eb.fn.countAll<string>().as('sold')])
        .where('event_id', '=', eventId)
        .where('state', '!=', 'revoked')
        .groupBy('ticket_type_id')
        .execute();
      return new Map(rows.map((r) => [r.ticket_type_id, n(r.sold)]));
    },
  };
}
