import type { Kysely } from 'kysely';
import type { Database, RefundsTable } from '../schema.ts';

export function refundsRepository(db: Kysely<Database>) {
  return {
    async insert(row: RefundsTable) {
      await db.insertInto('refunds').values(row).execute();
    },

    find: (id: string) => db.selectFrom('refunds').selectAll().where('id', '=', id).executeTakeFirst(),

    /** What has been or is being paid back on the order: every refund that has not failed. */
    async committedCents(orderId: string) {
      const row = await db
        .selectFrom('refunds')
        .select((eb) => eb.fn.sum<string | number | null>('amount_cents').as('cents'))
        .where('order_id', '=', orderId)
        .where('status', '!=', 'failed')
        .executeTakeFirstOrThrow();
      return Number(row.cents ?? 0);
    },

    /**
     * Records attempt number `attempt` once: a job run twice for the same attempt finds the count
     * moved on and records nothing. False for that second run.
     */
    async recordAttempt(id: string, attempt: number, change: Pick<RefundsTable, 'status' | 'error' | 'provider_reference' | 'updated_at'>) {
      const result = await db
        .updateTable('refunds')
        .set({ ...change, attempts: attempt })
        .where('id', '=', id)
        .where('attempts', '=', attempt - 1)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** Refunds the provider has accepted but not yet paid out, for a webhook about their payment. */
    pendingOfOrder: (orderId: string) =>
      db.selectFrom('refunds').selectAll().where('order_id', '=', orderId).where('status', '=', 'pending').where('provider_reference', 'is not', null).execute(),

    ofEvent: (eventId: string) =>
      db
        .selectFrom('refunds')
        .innerJoin('orders', 'orders.id', 'refunds.order_id')
        .selectAll('refunds')
        .where('orders.event_id', '=', eventId)
        .orderBy('refunds.created_at', 'desc')
        .orderBy('refunds.id')
        .execute(),
  };
}
