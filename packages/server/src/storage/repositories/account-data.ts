import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** Financial rows of an erased account point here: kept for the books, linked to nobody. */
export const erasedAccountId = '00000000-0000-0000-0000-000000000000';

/** Everything stored about one account, for the export, and the erasure that unlinks or deletes it. */
export function accountDataRepository(db: Kysely<Database>) {
  const byAccount = <T extends keyof Database>(table: T, column: string, accountId: string) =>
    db.selectFrom(table as never).selectAll().where(column as never, '=', accountId as never).execute() as Promise<Database[T][]>;
  return {
    async collect(accountId: string) {
      const orders = await byAccount('orders', 'account_id', accountId);
      const orderIds = orders.map((o) => o.id);
      return {
        account: await db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst(),
        holderKeys: await db.selectFrom('holder_keys').select(['thumbprint', 'active', 'created_at']).where('account_id', '=', accountId).execute(),
        presentationKeys: await db.selectFrom('presentation_keys').select(['organizer_id', 'thumbprint', 'created_at']).where('account_id', '=', accountId).execute(),
        tickets: await byAccount('tickets', 'account_id', accountId),
        vouchers: await byAccount('vouchers', 'account_id', accountId),
        orders,
        orderItems: orderIds.length ? await db.selectFrom('order_items').selectAll().where('order_id', 'in', orderIds).execute() : [],
        refunds: orderIds.length ? await db.selectFrom('refunds').selectAll().where('order_id', 'in', orderIds).execute() : [],
        transfers: await db.selectFrom('transfers').selectAll().where((eb) => eb.or([eb('from_account_id', '=', accountId), eb('to_account_id', '=', accountId)])).execute(),
        claimLinks: await db.selectFrom('claim_links').select(['ticket_id', 'created_at', 'expires_at', 'claimed_at', 'revoked_at']).where('created_by', '=', accountId).execute(),
        listings: await byAccount('resale_listings', 'seller_account_id', accountId),
        waitlist: await byAccount('waitlist_entries', 'account_id', accountId),
        consents: await byAccount('consents', 'account_id', accountId),
        answers: await byAccount('profile_answers', 'account_id', accountId),
        declinedQuestions: await byAccount('declined_questions', 'account_id', accountId),
        pushSubscriptions: await db.selectFrom('push_subscriptions').select(['endpoint', 'created_at', 'last_success_at']).where('account_id', '=', accountId).execute(),
        // Each message with what it said: the text is the visitor's data as much as the delivery is.
        inbox: await db
          .selectFrom('inbox')
          .innerJoin('messages', 'messages.id', 'inbox.message_id')
          .select(['inbox.message_id', 'inbox.delivered_at', 'inbox.read_at', 'messages.organizer_id', 'messages.event_id', 'messages.title', 'messages.body', 'messages.translations', 'messages.marketing'])
          .where('inbox.account_id', '=', accountId)
          .orderBy('inbox.delivered_at')
          .execute(),
        passkeys: await db.selectFrom('passkeys').select(['id', 'transports', 'created_at', 'last_used_at']).where('account_id', '=', accountId).execute(),
      };
    },

    /**
     * Moves what the phone needs (its keys, tickets, open listings and waits) to a fresh account id,
     * so every pseudonym an organizer derived from the old id leads nowhere; points finished
     * financial rows at the erased account; deletes personal data; then deletes the old account.
     */
    async erase(accountId: string, freshId: string, now: string) {
      await db.insertInto('accounts').values({ id: freshId, created_at: now }).execute();
      await db.updateTable('holder_keys').set({ account_id: freshId }).where('account_id', '=', accountId).execute();
      await db.updateTable('presentation_keys').set({ account_id: freshId }).where('account_id', '=', accountId).execute();
      // New handles: the holder list must not show the same tickets under the new pseudonym.
      for (const { id } of await db.selectFrom('tickets').select('id').where('account_id', '=', accountId).execute()) {
        await db.updateTable('tickets').set({ account_id: freshId, holder_handle: randomUUID() }).where('id', '=', id).execute();
      }
      await db.updateTable('vouchers').set({ account_id: freshId }).where('account_id', '=', accountId).execute();
      await db.updateTable('orders').set({ account_id: freshId }).where('account_id', '=', accountId).where('status', '=', 'pending').execute();
      await db.updateTable('orders').set({ account_id: erasedAccountId }).where('account_id', '=', accountId).execute();
      await db.updateTable('claim_links').set({ created_by: freshId }).where('created_by', '=', accountId).execute();
      await db.updateTable('claim_links').set({ claimed_by: null }).where('claimed_by', '=', accountId).execute();
      await db.updateTable('transfers').set({ from_account_id: null }).where('from_account_id', '=', accountId).execute();
      await db.updateTable('transfers').set({ to_account_id: null }).where('to_account_id', '=', accountId).execute();
      await db.updateTable('resale_listings').set({ seller_account_id: freshId }).where('seller_account_id', '=', accountId).where('status', 'in', ['listed', 'offered']).execute();
      await db.updateTable('resale_listings').set({ seller_account_id: erasedAccountId }).where('seller_account_id', '=', accountId).execute();
      await db.updateTable('waitlist_entries').set({ account_id: freshId }).where('account_id', '=', accountId).where('status', 'in', ['waiting', 'offered']).execute();
      await db.deleteFrom('waitlist_entries').where('account_id', '=', accountId).execute();
      await db.deleteFrom('idempotency_keys').where('scope', '=', `orders:${accountId}`).execute();
      await db.deleteFrom('rate_limits').where('key', 'like', `%${accountId}%`).execute();
      await db.deleteFrom('profile_answers').where('account_id', '=', accountId).execute();
      await db.deleteFrom('declined_questions').where('account_id', '=', accountId).execute();
      await db.deleteFrom('consents').where('account_id', '=', accountId).execute();
      await db.deleteFrom('push_subscriptions').where('account_id', '=', accountId).execute();
      await db.deleteFrom('inbox').where('account_id', '=', accountId).execute();
      // A passkey backup names the old account: erasure ends it (the wallet says so before deleting).
      await db.deleteFrom('passkeys').where('account_id', '=', accountId).execute();
      await db.deleteFrom('webauthn_challenges').where('account_id', '=', accountId).execute();
      await db.deleteFrom('accounts').where('id', '=', accountId).execute();
    },
  };
}
