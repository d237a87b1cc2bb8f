import { sql, type Kysely } from 'kysely';
import type { Database, OrderPaymentColumns, OrdersTable, PaymentSettingsTable, PaymentStatus } from '../schema.ts';

type OrderStatus = OrdersTable['status'];

/** Orders as the payment providers see them, and organizers' own provider keys. */
export function paymentsRepository(db: Kysely<Database>) {
  return {
    settingsOf: (organizerId: string) => db.selectFrom('payment_settings').selectAll().where('organizer_id', '=', organizerId).executeTakeFirst(),

    async saveSettings(row: PaymentSettingsTable) {
      await db
        .insertInto('payment_settings')
        .values(row)
        .onConflict((oc) => oc.column('organizer_id').doUpdateSet({ provider: row.provider, credentials_sealed: row.credentials_sealed, key_hint: row.key_hint, updated_at: row.updated_at }))
        .execute();
    },

    async removeSettings(organizerId: string) {
      await db.deleteFrom('payment_settings').where('organizer_id', '=', organizerId).execute();
    },

    /**
     * Records the provider's payment of an order, and where the buyer pays it if known. Only once:
     * a second payment can never replace the first, but a webhook that beat the checkout's own
     * answer may name the payment before the checkout URL is known.
     */
    async attachCheckout(orderId: string, reference: string, checkoutUrl: string | null, now: string) {
      const result = await db
        .updateTable('orders')
        .set({
          payment_reference: reference,
          ...(checkoutUrl ? { checkout_url: checkoutUrl } : {}),
          payment_status: sql<PaymentStatus>`coalesce(payment_status, 'open')`,
          payment_checked_at: now,
        })
        .where('id', '=', orderId)
        .where((eb) => eb.or([eb('payment_reference', 'is', null), eb('payment_reference', '=', reference)]))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    findByReference: (provider: string, reference: string) =>
      db.selectFrom('orders').selectAll().where('provider', '=', provider).where('payment_reference', '=', reference).executeTakeFirst(),

    async recordStatus(orderId: string, status: PaymentStatus, now: string) {
      await db.updateTable('orders').set({ payment_status: status, payment_checked_at: now }).where('id', '=', orderId).execute();
    },

    /**
     * Moves an order from one of `from` to `to` in one conditional statement: of two reports racing
     * (a webhook, the reconciliation, the buyer's return), exactly one moves it; false for the other.
     */
    async move(orderId: string, from: readonly OrderStatus[], to: OrderStatus, now: string, extra: Partial<OrderPaymentColumns> = {}) {
      const result = await db
        .updateTable('orders')
        .set({ status: to, settled_at: now, ...extra })
        .where('id', '=', orderId)
        .where('status', 'in', from)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /**
     * Real payments whose outcome the provider has not yet told us, least recently asked first; after
     * 30 days (a bank transfer takes at most a few weeks) they are no longer asked about.
     */
    unsettled: async (checkedBefore: string, createdAfter: string, limit: number) =>
      (
        await db
          .selectFrom('orders')
          .select('id')
          .where('payment_status', '=', 'open')
          .where('provider', '!=', 'sandbox')
          .where('payment_reference', 'is not', null)
          .where('payment_checked_at', '<', checkedBefore)
          .where('created_at', '>', createdAfter)
          .orderBy('payment_checked_at')
          .limit(limit)
          .execute()
      ).map((r) => r.id),

    /** Whether a recent order of the provider is still waiting for its payment id: a webhook may beat our own record of it. */
    async awaitingReference(provider: string, createdAfter: string) {
      const row = await db
        .selectFrom('orders')
        .select('id')
        .where('provider', '=', provider)
        .where('status', '=', 'pending')
        .where('payment_reference', 'is', null)
        .where('created_at', '>', createdAfter)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Orders of the event kept aside: paid at the provider with figures that do not match, never issued. */
    needingAttention: (eventId: string) =>
      db.selectFrom('orders').selectAll().where('event_id', '=', eventId).where('status', '=', 'needs_attention').orderBy('settled_at', 'desc').execute(),
  };
}
