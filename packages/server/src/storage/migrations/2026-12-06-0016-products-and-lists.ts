import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

/**
 * Products and check-in lists. A ticket type becomes a product of a kind (`admission`, or an
 * `addon` such as parking) whose sales can be stopped. Every event gets check-in lists: a default
 * ticket list (every admission type) and a default voucher list, plus any the organizer adds (the VIP
 * area, the car park). Check-ins are kept per list, with whether the ticket is inside now, so a
 * ticket can go in, out and in again; scans say which list and which direction. Frozen: never edit.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('ticket_types').addColumn('kind', 'text', (c) => c.notNull().defaultTo('admission')).execute();
  await db.schema.alterTable('ticket_types').addColumn('requires_admission', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('ticket_types').addColumn('sales_stopped_at', 'text').execute();

  await db.schema
    .createTable('check_in_lists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    // JSON array of ticket type ids (voucher campaign ids in voucher mode); null: every admission type (every campaign).
    .addColumn('type_ids', 'text')
    .addColumn('allow_reentry', 'integer', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // A deleted list keeps its check-ins and scans for the record; no device scans for it any more.
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema.createIndex('check_in_lists_event').on('check_in_lists').column('event_id').execute();

  const now = new Date().toISOString();
  const events = await db.selectFrom('events').select('id').execute();
  for (let i = 0; i < events.length; i += 200) {
    const rows = events.slice(i, i + 200).flatMap((e: { id: string }) => [
      { id: randomUUID(), event_id: e.id, name: 'Entrance', mode: 'ticket', type_ids: null, allow_reentry: 0, is_default: 1, created_at: now, deleted_at: null },
      { id: randomUUID(), event_id: e.id, name: 'Vouchers', mode: 'voucher', type_ids: null, allow_reentry: 0, is_default: 1, created_at: now, deleted_at: null },
    ]);
    await db.insertInto('check_in_lists').values(rows).execute();
  }

  await db.schema.alterTable('gate_devices').addColumn('check_in_list_id', 'text', (c) => c.references('check_in_lists.id')).execute();
  await db.schema.alterTable('scans').addColumn('check_in_list_id', 'text').execute();
  await db.schema.alterTable('scans').addColumn('direction', 'text', (c) => c.notNull().defaultTo('in')).execute();
  await db.schema.createIndex('scans_event_list').on('scans').columns(['event_id', 'check_in_list_id', 'verdict']).execute();

  // One row per ticket and list it got in on. `scanned_at`, `gate`, `gate_device_id` and `scan_id` name
  // the first entry (the one two offline gates may dispute); `inside`, `moved_at` and `moved_gate` the
  // last movement, an entry or an exit.
  await db.schema
    .createTable('list_check_ins')
    .addColumn('check_in_list_id', 'text', (c) => c.notNull().references('check_in_lists.id'))
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('scanned_at', 'text', (c) => c.notNull())
    .addColumn('gate', 'text', (c) => c.notNull())
    .addColumn('gate_device_id', 'text', (c) => c.notNull().references('gate_devices.id'))
    .addColumn('scan_id', 'text', (c) => c.notNull())
    .addColumn('inside', 'integer', (c) => c.notNull())
    .addColumn('moved_at', 'text', (c) => c.notNull())
    .addColumn('moved_gate', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('list_check_ins_pk', ['check_in_list_id', 'ticket_id'])
    .execute();
  await sql`
    INSERT INTO list_check_ins (check_in_list_id, ticket_id, event_id, scanned_at, gate, gate_device_id, scan_id, inside, moved_at, moved_gate)
    SELECT l.id, c.ticket_id, c.event_id, c.scanned_at, c.gate, c.gate_device_id, c.scan_id, 1, c.scanned_at, c.gate
    FROM check_ins c JOIN check_in_lists l ON l.event_id = c.event_id AND l.is_default = 1 AND l.mode = 'ticket'`.execute(db);
  await sql`
    UPDATE scans SET check_in_list_id = (
      SELECT l.id FROM check_in_lists l WHERE l.event_id = scans.event_id AND l.is_default = 1
        AND l.mode = CASE WHEN EXISTS (SELECT 1 FROM vouchers v WHERE v.id = scans.subject_id) THEN 'voucher' ELSE 'ticket' END)`.execute(db);
  await db.schema.dropTable('check_ins').execute();
  await db.schema.alterTable('list_check_ins').renameTo('check_ins').execute();
  await db.schema.createIndex('check_ins_event').on('check_ins').column('event_id').execute();
  await db.schema.createIndex('check_ins_ticket').on('check_ins').column('ticket_id').execute();
  await db.schema.createIndex('check_ins_list_inside').on('check_ins').columns(['check_in_list_id', 'inside']).execute();
}
