import type { Kysely } from 'kysely';

/** Voucher campaigns, vouchers bound to holder keys like tickets, and their redemptions. Frozen: never edit. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('voucher_campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('organizer_id', 'text', (c) => c.notNull().references('organizers.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('per_holder', 'integer', (c) => c.notNull())
    .addColumn('valid_until', 'text')
    .addColumn('issue_on_checkin', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('voucher_campaigns_event').on('voucher_campaigns').column('event_id').execute();

  await db.schema
    .createTable('vouchers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('voucher_campaigns.id'))
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('uses', 'integer', (c) => c.notNull())
    .addColumn('credential', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('pack_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('vouchers_one_per_holder', ['campaign_id', 'account_id'])
    .execute();
  await db.schema.createIndex('vouchers_account').on('vouchers').column('account_id').execute();
  await db.schema.createIndex('vouchers_event_pack_version').on('vouchers').columns(['event_id', 'pack_version']).execute();

  await db.schema
    .createTable('voucher_redemptions')
    .addColumn('voucher_id', 'text', (c) => c.notNull().references('vouchers.id'))
    .addColumn('gate_device_id', 'text', (c) => c.notNull().references('gate_devices.id'))
    .addColumn('scan_id', 'text', (c) => c.notNull())
    .addColumn('scanned_at', 'text', (c) => c.notNull())
    .addColumn('gate', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('voucher_redemptions_pk', ['gate_device_id', 'scan_id'])
    .execute();
  await db.schema.createIndex('voucher_redemptions_voucher').on('voucher_redemptions').column('voucher_id').execute();
}
