import { SqliteAdapter, sql, type Kysely } from 'kysely';

const columns = 'id, organizer_id, event_id, title, body, audience, trigger, send_at, minutes, status, marketing, recipients, job_id, created_at, sent_at, voucher_campaign_id, push_sent, push_failed, translations';

/**
 * Messages to a segment of an organizer's visitors across its events (returning visitors): such a
 * message belongs to no one event, so `messages.event_id` may be null; its audience names the events.
 * SQLite cannot drop a NOT NULL, so there the table is rebuilt with foreign keys checked at commit
 * (the inbox keeps pointing at it by name). And an index for counting an organizer's visitors
 * without reading the tickets. Frozen: never edit.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // A failed probe would abort PostgreSQL's migration transaction: ask Kysely which dialect it speaks.
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) {
    await sql`ALTER TABLE messages ALTER COLUMN event_id DROP NOT NULL`.execute(db);
  } else {
    await sql`PRAGMA defer_foreign_keys = ON`.execute(db);
    await db.schema
      .createTable('messages_rebuilt')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organizer_id', 'text', (c) => c.notNull().references('organizers.id'))
      .addColumn('event_id', 'text', (c) => c.references('events.id'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('audience', 'text', (c) => c.notNull())
      .addColumn('trigger', 'text', (c) => c.notNull())
      .addColumn('send_at', 'text')
      .addColumn('minutes', 'integer')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('marketing', 'integer', (c) => c.notNull())
      .addColumn('recipients', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('job_id', 'text', (c) => c.references('jobs.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text')
      .addColumn('voucher_campaign_id', 'text', (c) => c.references('voucher_campaigns.id'))
      .addColumn('push_sent', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('push_failed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('translations', 'text', (c) => c.notNull().defaultTo('{}'))
      .execute();
    await sql.raw(`INSERT INTO messages_rebuilt (${columns}) SELECT ${columns} FROM messages`).execute(db);
    await db.schema.dropTable('messages').execute();
    await db.schema.alterTable('messages_rebuilt').renameTo('messages').execute();
    await db.schema.createIndex('messages_event').on('messages').columns(['event_id', 'created_at']).execute();
  }
  await db.schema.createIndex('messages_organizer').on('messages').columns(['organizer_id', 'created_at']).execute();
  // An organizer's visitors, counted from the index alone: holder, event, state and type side by side.
  await db.schema.createIndex('tickets_event_holder').on('tickets').columns(['event_id', 'state', 'account_id', 'ticket_type_id']).execute();
}
