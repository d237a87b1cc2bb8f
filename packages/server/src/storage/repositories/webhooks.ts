import type { Kysely } from 'kysely';
import type { Database, WebhookDeliveriesTable, WebhooksTable } from '../schema.ts';

export function webhooksRepository(db: Kysely<Database>) {
  return {
    async insert(row: WebhooksTable) {
      await db.insertInto('webhooks').values(row).execute();
    },

    /** An organizer's live webhooks, oldest first. */
    ofOrganizer: (organizerId: string) =>
      db.selectFrom('webhooks').selectAll().where('organizer_id', '=', organizerId).where('deleted_at', 'is', null).orderBy('created_at').orderBy('id').execute(),

    find: (id: string) => db.selectFrom('webhooks').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst(),

    async remove(id: string, now: string) {
      await db.updateTable('webhooks').set({ deleted_at: now }).where('id', '=', id).execute();
    },

    async insertDeliveries(rows: WebhookDeliveriesTable[]) {
      for (let i = 0; i < rows.length; i += 500) await db.insertInto('webhook_deliveries').values(rows.slice(i, i + 500)).execute();
    },

    /** A delivery with what sending it needs: its webhook's address and sealed secret, and whether it was deleted. */
    deliveryToSend: (id: string) =>
      db
        .selectFrom('webhook_deliveries')
        .innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
        .selectAll('webhook_deliveries')
        .select(['webhooks.url', 'webhooks.secret_sealed', 'webhooks.deleted_at'])
        .where('webhook_deliveries.id', '=', id)
        .executeTakeFirst(),

    /**
     * Records the outcome of attempt number `attempts`; false if another run already recorded it
     * (a job run twice after a lost lock), so the caller queues no second retry.
     */
    async recordAttempt(id: string, attempts: number, outcome: Pick<WebhookDeliveriesTable, 'status' | 'http_status' | 'last_error' | 'last_attempt_at' | 'next_attempt_at'>) {
      const result = await db
        .updateTable('webhook_deliveries')
        .set({ ...outcome, attempts })
        .where('id', '=', id)
        .where('attempts', '=', attempts - 1)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    deliveriesOf: (webhookId: string, limit: number) =>
      db
        .selectFrom('webhook_deliveries')
        .select(['id', 'event_type', 'status', 'http_status', 'attempts', 'created_at', 'last_attempt_at', 'next_attempt_at', 'last_error'])
        .where('webhook_id', '=', webhookId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute(),
  };
}
