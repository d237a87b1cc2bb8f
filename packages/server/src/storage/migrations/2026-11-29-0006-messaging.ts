import { sql, type Kysely } from 'kysely';

/** The job queue, organizers' messages and every holder's inbox. Frozen: never edit. */
export async function up(db: Kysely<any>): Promise<void> {
  // Work to run at a time, taken by exactly one process (see storage/repositories/jobs.ts).
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('done_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // Only unfinished jobs are ever looked for, so the index leaves finished ones out and stays small.
  await db.schema.createIndex('jobs_due').on('jobs').column('run_at').where(sql.ref('done_at'), 'is', null).execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organizer_id', 'text', (c) => c.notNull().references('organizers.id'))
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
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
    .execute();
  await db.schema.createIndex('messages_event').on('messages').columns(['event_id', 'created_at']).execute();

  await db.schema
    .createTable('inbox')
    .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('delivered_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addPrimaryKeyConstraint('inbox_pk', ['message_id', 'account_id'])
    .execute();
  await db.schema.createIndex('inbox_account').on('inbox').columns(['account_id', 'delivered_at']).execute();
}
