import type { Kysely } from 'kysely';

/**
 * A message in the visitors' languages: `translations` is JSON `{nl?: {title, body}, en?: {title, body}}`
 * beside the message's own title and body, which every other language gets. Frozen: never edit.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('translations', 'text', (c) => c.notNull().defaultTo('{}')).execute();
}
