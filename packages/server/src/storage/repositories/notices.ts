import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * What a transaction tells the other server processes, delivered when it commits and not at all if
 * it rolls back (PostgreSQL NOTIFY; see storage/notifications.ts for the listening side). SQLite has
 * no other processes to tell, so there it does nothing.
 */
export function noticesRepository(db: Kysely<Database>, shared: boolean) {
  return {
    async send(topic: string, payload = '') {
      if (shared) await sql`SELECT pg_notify(${topic} || ':' || current_schema(), ${payload})`.execute(db);
    },
  };
}
