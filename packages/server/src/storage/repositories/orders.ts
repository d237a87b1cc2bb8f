import { sql, type Kysely } from 'kysely';
import type { Database, OrderItemsTable, OrdersTable, TicketsTable } from '../schema.ts';

export function ordersRepository(db: Kysely<Database>, rowLocks: boolean) {
  return {
    /**
     * Takes `quantity` seats of a ticket type in one conditional statement: the row is changed only
     * if the seats are still there, so two buyers can never both take the last one, on either
     * database, whatever the interleaving. False means sold out.
     */
    async takeCapacity(ticketTypeId: string, quantity: number) {
      const result = await db
        .updateTable('ticket_types')
        .set({ taken: sql`taken + ${quantity}` })
        .where('id', '=', ticketTypeId)
        .where(sql<boolean>`taken + ${quantity} <= capacity`)
        .executeTakeFirst();
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

    /** Tickets this account holds for the event plus seats in its pending orders. */
    async countForAccount(accountId: string, eventId: string, now: string) {
      const held = await db
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('account_id', '=', accountId)
        .where('event_id', '=', eventId)
        .where('state', '!=', 'revoked')
        .executeTakeFirstOrThrow();
      const pending = await db
        .selectFrom('order_items')
        .innerJoin('orders', 'orders.id', 'order_items.order_id')
        .select((eb) => eb.fn.sum<string | number | null>('order_items.quantity').as('n'))
        .where('orders.account_id', '=', accountId)
        .where('orders.event_id', '=', eventId)
        .where('orders.status', '=', 'pending')
        .where('orders.expires_at', '>', now)
        .executeTakeFirstOrThrow();
      return Number(held.n) + Number(pending.n ?? 0);
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

    ticketsOfOrder: (orderId: string) => db.selectFrom('tickets').selectAll().where('order_id', '=', orderId).orderBy('id').execute(),

    idsOfAccount: async (accountId: string) =>
      (await db.selectFrom('orders').select('id').where('account_id', '=', accountId).orderBy('created_at', 'desc').limit(100).execute()).map((r) => r.id),

    ticketsOfAccount: (accountId: string) =>
      db.selectFrom('tickets').selectAll().where('account_id', '=', accountId).orderBy('created_at').orderBy('id').execute(),
  };
}
