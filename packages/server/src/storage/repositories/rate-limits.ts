import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export function rateLimitsRepository(db: Kysely<Database>) {
  return {
    /**
     * Counts one hit for `key` in the window that started at `windowStart` and returns the count. A
     * row from an older window starts over. One statement, so parallel hits in any process all count.
     */
    async hit(key: string, windowStart: string) {
      const row = await db
        .insertInto('rate_limits')
        .values({ key, window_start: windowStart, hits: 1 })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            hits: sql`CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.hits + 1 ELSE 1 END`,
            window_start: sql`excluded.window_start`,
          }),
        )
        .returning('hits')
        .executeTakeFirstOrThrow();
      return row.hits;
    },

    async deleteBefore(windowStart: string) {
      await db.deleteFrom('rate_limits').where('window_start', '<', windowStart).execute();
    },
  };
}
