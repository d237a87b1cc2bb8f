import type { Kysely } from 'kysely';

/**
 * What the scanner itself decided, offline, for each uploaded scan (`accepted` or `rejected`; null from
 * scanners that do not say). A scan admitted at the gate (`local_verdict = 'accepted'`) that the server
 * turned into `already_used` is a duplicate entry: someone got in twice. Frozen: never edit.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('scans').addColumn('local_verdict', 'text').execute();
}
