import { sql, type Kysely } from 'kysely';
import type { Database, OrderItemsTable, OrdersTable, TicketsTable } from '../schema.ts';

export function ordersRepository(db: Kysely<Database>, rowLocks: boolean) {
  return {
    /**
     * Takes `quantity` seats of a ticket type in one conditional statement: the row is changed only
     * if the seats are still there, so two buyers can never both take the last one, on either
     * database, whatever the interleaving. With a `guard`, also only while the type is of that event,
     * its sales are not stopped, its price is the one the order charges and the event is on sale: what
     * the order path read from a cache is checked here, at the moment of sale. False: nothing taken.
     */
    async takeCapacity(ticketTypeId: string, quantity: number, guard?: { eventId: string; priceCents: number; now: string }) {
      let query = db
        .updateTable('ticket_types')
        .set({ taken: sql`taken + ${quantity}` })
        .where('id', '=', ticketTypeId)
        .where(sql<boolean>`taken + ${quantity} <= capacity`);
      if (guard) {
        query = query
          .where('event_id', '=', guard.eventId)
          .where('price_cents', '=', guard.priceCents)
          .where('sales_stopped_at', 'is', null)
          .where((eb) => eb.exists(eb.selectFrom('events').select('events.id').where('events.id', '=', guard.eventId).where('events.status', '=', 'on_sale').where('events.ends_at', '>', guard.now)));
      }
      const result = await query.executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async releaseCapacity(ticketTypeId: string, quantity: number) {
      await db
        .updateTable('ticket_types')
        .set({ taken: sql`taken - ${quantity}` })
        .where('id', '=', ticketTypeId)
        .execute();
    },

    /**
     * Serialises one account's orders so that two parallel orders cannot both pass the per-account
     * limit. SQLite needs no lock: its write transactions (BEGIN IMMEDIATE) already run one at a time.
     */
    async lockAccount(accountId: string) {
      if (!rowLocks) return;
      await db.selectFrom('accounts').select('id').where('id', '=', accountId).forUpdate().execute();
    },

    /** Admission tickets this account holds for the event plus those in its pending orders; add-ons do not count. */
    async countForAccount(accountId: string, eventId: string, now: string) {
      const held = await db
        .selectFrom('tickets')
        .innerJoin('ticket_types', 'ticket_types.id', 'tickets.ticket_type_id')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('tickets.account_id', '=', accountId)
        .where('tickets.event_id', '=', eventId)
        .where('tickets.state', '!=', 'revoked')
        .where('ticket_types.kind', '=', 'admission')
        .executeTakeFirstOrThrow();
      const pending = await db
        .selectFrom('order_items')
        .innerJoin('orders', 'orders.id', 'order_items.order_id')
        .innerJoin('ticket_types', 'ticket_types.id', 'order_items.ticket_type_id')
        .select((eb) => eb.fn.sum<string | number | null>('order_items.quantity').as('n'))
        .where('ticket_types.kind', '=', 'admission')
        .where('orders.account_id', '=', accountId)
        .where('orders.event_id', '=', eventId)
        .where('orders.status', '=', 'pending')
        .where('orders.expires_at', '>', now)
        .executeTakeFirstOrThrow();
      return Number(held.n) + Number(pending.n ?? 0);
    },

    /** Whether the account holds a live admission ticket of the event (valid, or used at the gate). */
    async holdsAdmission(accountId: string, eventId: string) {
      const row = await db
        .selectFrom('tickets')
        .innerJoin('ticket_types', 'ticket_types.id', 'tickets.ticket_type_id')
        .select('tickets.id')
        .where('tickets.account_id', '=', accountId)
        .where('tickets.event_id', '=', eventId)
        .where('tickets.state', '!=', 'revoked')
        .where('ticket_types.kind', '=', 'admission')
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },

    async insert(order: OrdersTable, items: OrderItemsTable[]) {
      await db.insertInto('orders').values(order).execute();
      await db.insertInto('order_items').values(items).execute();
    },

    find: (id: string) => db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst(),

    items: (orderId: string) => db.selectFrom('order_items').selectAll().where('order_id', '=', orderId).execute(),

    pendingIdsOfEvent: async (eventId: string) =>
      (await db.selectFrom('orders').select('id').where('event_id', '=', eventId).where('status', '=', 'pending').execute()).map((r) => r.id),

    /** Pending orders whose hold has run out, optionally only those of one event. */
    async expiredPendingIds(now: string, limit: number, eventId?: string) {
      let query = db
        .selectFrom('orders')
        .select('id')
        .where('status', '=', 'pending')
        .where('expires_at', '<=', now);
      if (eventId) query = query.where('event_id', '=', eventId);
      const rows = await query.orderBy('expires_at').limit(limit).execute();
      return rows.map((r) => r.id);
    },

    async insertTickets(rows: TicketsTable[]) {
      // Chunks keep every statement far below SQLite's bound-parameter limit.
      for (let i = 0; i < rows.length; i += 500) await db.insertInto('tickets').values(rows.slice(i, i + 500)).execute();
    },

    /** With each ticket its product's kind: an admission ticket or an add-on. */
    ticketsOfOrder: (orderId: string) =>
      db
        .selectFrom('tickets')
        .innerJoin('ticket_types', 'ticket_types.id', 'tickets.ticket_type_id')
        .selectAll('tickets')
        .select('ticket_types.kind')
        .where('tickets.order_id', '=', orderId)
        .orderBy('tickets.id')
        .execute(),

    idsOfAccount: async (accountId: string) =>
      (await db.selectFrom('orders').select('id').where('account_id', '=', accountId).orderBy('created_at', 'desc').limit(100).execute()).map((r) => r.id),

    ticketsOfAccount: (accountId: string) =>
      db
        .selectFrom('tickets')
        .innerJoin('ticket_types', 'ticket_types.id', 'tickets.ticket_type_id')
        .selectAll('tickets')
        .select('ticket_types.kind')
        .where('tickets.account_id', '=', accountId)
        .orderBy('tickets.created_at')
        .orderBy('tickets.id')
        .execute(),
  };
}
