import type { Kysely } from 'kysely';

/**
 * Real payment providers. An order remembers the provider's payment (Mollie `tr_...`, a Stripe
 * Checkout Session `cs_...`), where the buyer pays, what the provider last said, and, for an order
 * kept aside, the figures the provider reported. Refunds get a life of their own (pending, then
 * refunded or failed) because the provider may refuse or be unreachable. Organizers may bring their
 * own provider keys. Frozen: never edit.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const orders = [
    ['payment_reference', 'text'],
    ['checkout_url', 'text'],
    // The provider's last word on the payment: open, paid, failed, canceled or expired.
    ['payment_status', 'text'],
    ['payment_checked_at', 'text'],
    // Why the order ended as it did, when the status alone does not say (late_payment, amount_mismatch, ...).
    ['status_reason', 'text'],
    ['reported_amount_cents', 'integer'],
    ['reported_currency', 'text'],
  ] as const;
  for (const [name, type] of orders) await db.schema.alterTable('orders').addColumn(name, type).execute();
  await db.schema.createIndex('orders_payment_reference').on('orders').columns(['provider', 'payment_reference']).execute();
  await db.schema.createIndex('orders_payment_open').on('orders').columns(['payment_status', 'payment_checked_at']).execute();

  // Refunds recorded before this migration were the sandbox's, which settles at once.
  await db.schema.alterTable('refunds').addColumn('status', 'text', (c) => c.notNull().defaultTo('refunded')).execute();
  await db.schema.alterTable('refunds').addColumn('provider_reference', 'text').execute();
  await db.schema.alterTable('refunds').addColumn('error', 'text').execute();
  await db.schema.alterTable('refunds').addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('refunds').addColumn('updated_at', 'text').execute();

  await db.schema
    .createTable('payment_settings')
    .addColumn('organizer_id', 'text', (c) => c.primaryKey().references('organizers.id'))
    .addColumn('provider', 'text', (c) => c.notNull())
    // JSON of the organizer's own keys, sealed under TG_SECRET (the server must read them back to call
    // the provider); null where the organizer uses the instance's keys for that provider.
    .addColumn('credentials_sealed', 'text')
    .addColumn('key_hint', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
