import type { Kysely } from 'kysely';

/** Claim links, the history of every change of holder, refunds, and shared rate-limit counters. Frozen: never edit. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('claim_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
    .addColumn('created_by', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text')
    .addColumn('claimed_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('claim_links_ticket').on('claim_links').column('ticket_id').execute();

  await db.schema
    .createTable('transfers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('from_account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('to_account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('transfers_ticket').on('transfers').column('ticket_id').execute();
  await db.schema.createIndex('transfers_event').on('transfers').columns(['event_id', 'created_at']).execute();

  await db.schema
    .createTable('refunds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('ticket_id', 'text', (c) => c.references('tickets.id'))
    .addColumn('amount_cents', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('refunds_order').on('refunds').column('order_id').execute();

  // Fixed-window counters in the shared database, so a limit holds across server processes.
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .execute();
}
