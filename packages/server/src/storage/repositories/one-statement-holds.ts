import { sql, type Kysely } from 'kysely';
import type { Database, OrdersTable } from '../schema.ts';

/**
 * PostgreSQL only. A hold of one ticket type as a single statement: check the event is on sale,
 * take the seats, insert the order and its item. One round trip instead of a transaction's seven,
 * and the contended ticket type row is locked only for that statement's own commit.
 */
export function oneStatementHoldsRepository(db: Kysely<Database>) {
  return {
    /**
   * The order as inserted, or undefined when nothing was taken (sold out, not on sale, unknown type,
   * sales stopped, or an add-on, whose admission rule the general path checks).
   */
    async hold(order: Omit<OrdersTable, 'total_cents' | 'currency'>, item: { ticketTypeId: string; quantity: number }) {
      const { rows } = await sql<{ price_cents: number; currency: string }>`
        WITH on_sale AS (
          SELECT id FROM events WHERE id = ${order.event_id} AND status = 'on_sale' AND ends_at > ${order.created_at}
        ), taken AS (
          UPDATE ticket_types SET taken = taken + ${item.quantity}
          WHERE id = ${item.ticketTypeId} AND event_id IN (SELECT id FROM on_sale) AND taken + ${item.quantity} <= capacity
            AND kind = 'admission' AND sales_stopped_at IS NULL
          RETURNING id, price_cents, currency
        ), placed AS (
          INSERT INTO orders (id, account_id, event_id, status, total_cents, currency, provider, created_at, expires_at, settled_at, resale_listing_id)
          SELECT ${order.id}, ${order.account_id}, ${order.event_id}, 'pending', price_cents * ${item.quantity}, currency,
                 ${order.provider}, ${order.created_at}, ${order.expires_at}, NULL, NULL
          FROM taken
          RETURNING id
        ), items AS (
          INSERT INTO order_items (order_id, ticket_type_id, quantity, unit_price_cents)
          SELECT placed.id, taken.id, ${item.quantity}, taken.price_cents FROM placed, taken
          RETURNING unit_price_cents
        )
        SELECT taken.price_cents, taken.currency FROM taken, items`.execute(db);
      const row = rows[0];
      if (!row) return undefined;
      return {
        order: { ...order, total_cents: row.price_cents * item.quantity, currency: row.currency } satisfies OrdersTable,
        items: [{ order_id: order.id, ticket_type_id: item.ticketTypeId, quantity: item.quantity, unit_price_cents: row.price_cents }],
      };
    },
  };
}
