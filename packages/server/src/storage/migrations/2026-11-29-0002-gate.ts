import type { Kysely } from 'kysely';

/**
 * Issuer keys, credentials on tickets, gate devices, scans and check-ins, and the per-event change
 * counter behind gate pack deltas. Frozen: never edit.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('issuer_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('private_key_sealed', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('issuer_keys_event').on('issuer_keys').column('event_id').execute();

  // Every change a gate pack shows takes the event's next version; a delta is "version > cursor".
  await db.schema.alterTable('events').addColumn('pack_version', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('tickets').addColumn('pack_version', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('tickets').addColumn('credential', 'text').execute();
  await db.schema.createIndex('tickets_event_pack_version').on('tickets').columns(['event_id', 'pack_version']).execute();

  await db.schema
    .createTable('gate_devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('gate_devices_event').on('gate_devices').column('event_id').execute();

  // One row per ticket that got in: the primary key makes a second check-in impossible.
  await db.schema
    .createTable('check_ins')
    .addColumn('ticket_id', 'text', (c) => c.primaryKey().references('tickets.id'))
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('scanned_at', 'text', (c) => c.notNull())
    .addColumn('gate', 'text', (c) => c.notNull())
    .addColumn('gate_device_id', 'text', (c) => c.notNull().references('gate_devices.id'))
    .addColumn('scan_id', 'text', (c) => c.notNull())
    .execute();

  // Every scan, refused ones too, with the raw text and both times, as pretix keeps them.
  await db.schema
    .createTable('scans')
    .addColumn('gate_device_id', 'text', (c) => c.notNull().references('gate_devices.id'))
    .addColumn('scan_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('subject_id', 'text')
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('gate', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('first_scanned_at', 'text')
    .addColumn('first_gate', 'text')
    .addColumn('scanned_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('scans_pk', ['gate_device_id', 'scan_id'])
    .execute();
  await db.schema.createIndex('scans_event_received').on('scans').columns(['event_id', 'received_at']).execute();
  await db.schema.createIndex('scans_subject').on('scans').column('subject_id').execute();
}
