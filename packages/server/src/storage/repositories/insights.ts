import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

const n = (value: string | number | bigint | null | undefined) => Number(value ?? 0);

export function insightsRepository(db: Kysely<Database>) {
  return {
    async salesOfEvent(eventId: string, now: string) {
      const tickets = await db
        .selectFrom('tickets')
        .select((eb) => [
          eb.fn.countAll<string>().as('sold'),
          eb.fn.count<string>('account_id').distinct().as('holders'),
          eb.fn.sum<string>(eb.case().when('state', '=', 'checked_in').then(1).else(0).end()).as('checked_in'),
        ])
        .where('event_id', '=', eventId)
        .where('state', '!=', 'revoked')
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
