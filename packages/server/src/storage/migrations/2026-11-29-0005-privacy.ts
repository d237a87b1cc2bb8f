import type { Kysely } from 'kysely';

/**
 * Personal data lives in its own tables, apart from tickets and money: consents (append-only),
 * profile questions and answers, declined questions, and the audit log of organizer reads.
 * Frozen: never edit.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('consents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('organizer_id', 'text', (c) => c.notNull().references('organizers.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('granted', 'integer', (c) => c.notNull())
    .addColumn('text_version', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consents_account').on('consents').columns(['account_id', 'organizer_id', 'purpose', 'created_at']).execute();
  await db.schema.createIndex('consents_organizer').on('consents').columns(['organizer_id', 'purpose']).execute();

  await db.schema
    .createTable('profile_questions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organizer_id', 'text', (c) => c.notNull().references('organizers.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('text_nl', 'text', (c) => c.notNull())
    .addColumn('text_en', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('moment', 'text', (c) => c.notNull())
    .addColumn('reward_campaign_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('profile_questions_key', ['organizer_id', 'key'])
    .execute();

  await db.schema
    .createTable('profile_answers')
    .addColumn('question_id', 'text', (c) => c.notNull().references('profile_questions.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('organizer_id', 'text', (c) => c.notNull().references('organizers.id'))
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('profile_answers_pk', ['question_id', 'account_id'])
    .execute();
  await db.schema.createIndex('profile_answers_account').on('profile_answers').columns(['account_id', 'organizer_id']).execute();

  await db.schema
    .createTable('declined_questions')
    .addColumn('question_id', 'text', (c) => c.notNull().references('profile_questions.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('declined_questions_pk', ['question_id', 'account_id'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organizer_id', 'text', (c) => c.notNull().references('organizers.id'))
    .addColumn('staff_user_id', 'text', (c) => c.notNull().references('staff_users.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_organizer').on('audit_log').columns(['organizer_id', 'created_at']).execute();

  // Financial rows outlive an erased account; they point here instead, linked to nobody.
  await db.insertInto('accounts').values({ id: '00000000-0000-0000-0000-000000000000', created_at: '1970-01-01T00:00:00.000Z' }).execute();
}
