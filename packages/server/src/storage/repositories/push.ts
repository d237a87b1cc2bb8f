import type { Kysely } from 'kysely';
import type { Database, PushSubscriptionsTable } from '../schema.ts';

export function pushRepository(db: Kysely<Database>) {
  return {
    /** Keeps the first key pair made under `name`, whichever process made it. */
    async saveInstanceKey(row: Database['instance_keys']) {
      await db.insertInto('instance_keys').values(row).onConflict((oc) => oc.column('name').doNothing()).execute();
      return db.selectFrom('instance_keys').selectAll().where('name', '=', row.name).executeTakeFirstOrThrow();
    },

    instanceKey: (name: string) => db.selectFrom('instance_keys').selectAll().where('name', '=', name).executeTakeFirst(),

    /** A browser subscribing again (or on behalf of a new account on the same phone) replaces its row. */
    async subscribe(row: PushSubscriptionsTable) {
      await db
        .insertInto('push_subscriptions')
        .values(row)
        .onConflict((oc) => oc.column('endpoint').doUpdateSet({ account_id: row.account_id, p256dh: row.p256dh, auth: row.auth }))
        .execute();
    },

    async unsubscribe(accountId: string, endpoint: string) {
      const result = await db.deleteFrom('push_subscriptions').where('account_id', '=', accountId).where('endpoint', '=', endpoint).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    ofAccounts: (accountIds: string[]) =>
      accountIds.length === 0 ? Promise.resolve([]) : db.selectFrom('push_subscriptions').selectAll().where('account_id', 'in', accountIds).execute(),

    /** The browsers of everyone one delivery of a message reached. */
    ofDelivery: async (messageId: string, deliveredAt: string) =>
      (
        await db
          .selectFrom('push_subscriptions')
          .innerJoin('inbox', 'inbox.account_id', 'push_subscriptions.account_id')
          .select('push_subscriptions.id')
          .where('inbox.message_id', '=', messageId)
          .where('inbox.delivered_at', '=', deliveredAt)
          .execute()
      ).map((r) => r.id),

    byIds: (ids: string[]) => (ids.length === 0 ? Promise.resolve([]) : db.selectFrom('push_subscriptions').selectAll().where('id', 'in', ids).execute()),

    async delivered(id: string, at: string) {
      await db.updateTable('push_subscriptions').set({ last_success_at: at }).where('id', '=', id).execute();
    },

    async drop(id: string) {
      await db.deleteFrom('push_subscriptions').where('id', '=', id).execute();
    },
  };
}
