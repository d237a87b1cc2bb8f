import type { Kysely } from 'kysely';

/**
 * Per-organizer presentation keys: the public key a wallet made for one organizer's tickets, so that
 * no two organizers' scanners see the same key in a visitor's codes. One per account and organizer;
 * a key is never registered twice (its thumbprint is unique). Frozen: never edit.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('presentation_keys')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('organizer_id', 'text', (c) => c.notNull().references('organizers.id'))
    .addColumn('thumbprint', 'text', (c) => c.notNull().unique())
    .addColumn('jwk', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('presentation_keys_pk', ['account_id', 'organizer_id'])
    .execute();
}
