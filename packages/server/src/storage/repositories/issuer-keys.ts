import type { Kysely } from 'kysely';
import type { Database, IssuerKeysTable } from '../schema.ts';

export function issuerKeysRepository(db: Kysely<Database>) {
  return {
    async insert(row: IssuerKeysTable) {
      await db.insertInto('issuer_keys').values(row).execute();
    },

    /** The key that signs new credentials: the newest active one. */
    active: (eventId: string) =>
      db
        .selectFrom('issuer_keys')
        .selectAll()
        .where('event_id', '=', eventId)
        .where('active', '=', 1)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst(),

    /** After a rotation: only `kid` signs new credentials; the others stay in the pack, to verify what they signed. */
    async signOnlyWith(eventId: string, kid: string) {
      await db.updateTable('issuer_keys').set({ active: 0 }).where('event_id', '=', eventId).where('kid', '!=', kid).execute();
    },

    /** Every key of the event, active or retired: old credentials stay valid until rebound. */
    ofEvent: (eventId: string) =>
      db.selectFrom('issuer_keys').select(['kid', 'public_key']).where('event_id', '=', eventId).orderBy('created_at').execute(),
  };
}
