import { sql, type Kysely } from 'kysely';

/** The face-value exchange: listings, waiting lists, and orders that buy a listed ticket. Frozen: never edit. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('resale_listings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('ticket_type_id', 'text', (c) => c.notNull().references('ticket_types.id'))
    .addColumn('seller_account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('price_cents', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('offer_order_id', 'text', (c) => c.references('orders.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // A ticket is on the exchange at most once at a time.
  await db.schema
    .createIndex('resale_listings_open_ticket')
    .on('resale_listings')
    .column('ticket_id')
    .unique()
    .where(sql.ref('status'), 'in', ['listed', 'offered'])
    .execute();
  await db.schema.createIndex('resale_listings_type_status').on('resale_listings').columns(['ticket_type_id', 'status', 'created_at']).execute();

  await db.schema
    .createTable('waitlist_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('ticket_type_id', 'text', (c) => c.notNull().references('ticket_types.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('waitlist_entries_open_account')
    .on('waitlist_entries')
    .columns(['ticket_type_id', 'account_id'])
    .unique()
    .where(sql.ref('status'), 'in', ['waiting', 'offered'])
    .execute();
  await db.schema.createIndex('waitlist_entries_type_status').on('waitlist_entries').columns(['ticket_type_id', 'status', 'created_at']).execute();

  await db.schema.alterTable('orders').addColumn('resale_listing_id', 'text', (c) => c.references('resale_listings.id')).execute();
}
