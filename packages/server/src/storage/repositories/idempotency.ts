import type { Kysely } from 'kysely';
import type { Database, IdempotencyKeysTable } from '../schema.ts';

export function idempotencyRepository(db: Kysely<Database>) {
  return {
    find: (scope: string, key: string) =>
      db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst(),

    /** Throws a unique violation when a parallel request stored the same key first. */
    async insert(row: IdempotencyKeysTable) {
      await db.insertInto('idempotency_keys').values(row).execute();
    },

    async deleteOlderThan(cutoff: string) {
      await db.deleteFrom('idempotency_keys').where('created_at', '<', cutoff).execute();
    },
  };
}
