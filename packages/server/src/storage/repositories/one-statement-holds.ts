import { sql, type Kysely } from 'kysely';
import type { Database, OrdersTable } from '../schema.ts';

/**
 * PostgreSQL only. A hold of one admission ticket type as a single statement: record the DPoP
 * proof's jti, check the event is on sale, take the seats, insert the order and its item. One round
 * trip and one commit instead of a transaction's seven, and the contended ticket type row is locked
 * only for that statement's own commit.
 */
export function oneStatementHoldsRepository(db: Kysely<Database>) {
  return {
    /**
     * `placed`: the order as inserted, or undefined when nothing was taken (sold out, not on sale,
     * unknown type, sales stopped, an add-on, or a replayed proof). `proved`: the jti was new and is
     * now recorded, whatever else happened.
     */
    async hold(order: Omit<OrdersTable, 'total_cents' | 'currency'>, item: { ticketTypeId: string; quantity: number }, proof?: { key: string; expiresAt: string }) {
      const { rows } = await sql<{ proved: string; price_cents: number | null; currency: string | null }>`
        WITH proof AS (
          INSERT INTO dpop_jtis (jti, expires_at)
          SELECT ${proof?.key ?? null}, ${proof?.expiresAt ?? null} WHERE ${proof ? sql`TRUE` : sql`FALSE`}
          ON CONFLICT (jti) DO NOTHING
          RETURNING jti
        ), on_sale AS (
          SELECT id FROM events WHERE id = ${order.event_id} AND status = 'on_sale' AND ends_at > ${order.created_at}
            AND ${proof ? sql`EXISTS (SELECT 1 FROM proof)` : sql`TRUE`}
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
        SELECT (SELECT count(*) FROM proof) AS proved, (SELECT unit_price_cents FROM items) AS price_cents, (SELECT currency FROM taken) AS currency`.execute(db);
      const row = rows[0]!;
      const proved = Number(row.proved) > 0;
      if (row.price_cents === null || row.currency === null) return { proved, placed: undefined };
      return {
        proved,
        placed: {
          order: { ...order, total_cents: row.price_cents * item.quantity, currency: row.currency } satisfies OrdersTable,
          items: [{ order_id: order.id, ticket_type_id: item.ticketTypeId, quantity: item.quantity, unit_price_cents: row.price_cents }],
        },
      };
    },
  };
}
