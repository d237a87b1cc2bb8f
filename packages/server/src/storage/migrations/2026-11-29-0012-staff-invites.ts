import type { Kysely } from 'kysely';

/**
 * Staff with names, removable without losing the audit trail, and invites to join an organizer.
 * Frozen: never edit.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('staff_users').addColumn('name', 'text').execute();
  // The audit log refers to staff rows, so a removed member stays as a row that can no longer sign in.
  await db.schema.alterTable('staff_users').addColumn('removed_at', 'text').execute();

  await db.schema
    .createTable('staff_invites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organizer_id', 'text', (c) => c.notNull().references('organizers.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    // SHA-256 of the one-time token; the token itself is shown once to the inviting owner.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull().references('staff_users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('used_by', 'text', (c) => c.references('staff_users.id'))
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('staff_invites_organizer').on('staff_invites').column('organizer_id').execute();
}
