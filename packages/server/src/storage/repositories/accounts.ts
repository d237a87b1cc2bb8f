import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database, EventsTable, PresentationKeysTable } from '../schema.ts';

export function accountsRepository(db: Kysely<Database>) {
  const activeKeyOfAccount = (accountId: string) =>
    db.selectFrom('holder_keys').select(['thumbprint', 'jwk']).where('account_id', '=', accountId).where('active', '=', 1).executeTakeFirstOrThrow();
  return {
    activeKey: (thumbprint: string) =>
      db
        .selectFrom('holder_keys')
        .select(['account_id', 'thumbprint', 'jwk'])
        .where('thumbprint', '=', thumbprint)
        .where('active', '=', 1)
        .executeTakeFirst(),

    activeKeyOfAccount,

    /** The key an organizer's credentials bind for this account: its presentation key there, else its holder key. */
    async holderJwkFor(accountId: string, organizerId: string) {
      const own = await db
        .selectFrom('presentation_keys')
        .select('jwk')
        .where('account_id', '=', accountId)
        .where('organizer_id', '=', organizerId)
        .executeTakeFirst();
      if (own) return own.jwk;
      return (await activeKeyOfAccount(accountId)).jwk;
    },

    presentationKeysOf: (accountId: string) =>
      db.selectFrom('presentation_keys').select(['organizer_id', 'thumbprint', 'created_at']).where('account_id', '=', accountId).orderBy('created_at').execute(),

    async savePresentationKey(row: PresentationKeysTable) {
      await db
        .insertInto('presentation_keys')
        .values(row)
        .onConflict((oc) => oc.columns(['account_id', 'organizer_id']).doUpdateSet({ thumbprint: row.thumbprint, jwk: row.jwk, created_at: row.created_at }))
        .execute();
    },

    async removePresentationKeys(accountId: string) {
      await db.deleteFrom('presentation_keys').where('account_id', '=', accountId).execute();
    },

    /** The account's live tickets and usable vouchers at one organizer, by event. */
    async credentialsAtOrganizer(accountId: string, organizerId: string) {
      const tickets = await db
        .selectFrom('tickets')
        .innerJoin('events', 'events.id', 'tickets.event_id')
        .select(['tickets.id', 'tickets.seq', 'tickets.event_id'])
        .where('tickets.account_id', '=', accountId)
        .where('events.organizer_id', '=', organizerId)
        .where('tickets.state', '!=', 'revoked')
        .execute();
      const vouchers = await db
        .selectFrom('vouchers')
        .innerJoin('voucher_campaigns', 'voucher_campaigns.id', 'vouchers.campaign_id')
        .innerJoin('events', 'events.id', 'vouchers.event_id')
        .select(['vouchers.id', 'vouchers.seq', 'vouchers.event_id', 'voucher_campaigns.valid_until'])
        .where('vouchers.account_id', '=', accountId)
        .where('events.organizer_id', '=', organizerId)
        .where('vouchers.state', '=', 'valid')
        .execute();
      const items = [
        ...tickets.map((t) => ({ type: 'ticket' as const, id: t.id, seq: t.seq, event_id: t.event_id, valid_until: null })),
        ...vouchers.map((v) => ({ type: 'voucher' as const, ...v })),
      ];
      const eventIds = [...new Set(items.map((i) => i.event_id))];
      const events: EventsTable[] = eventIds.length ? await db.selectFrom('events').selectAll().where('id', 'in', eventIds).execute() : [];
      return events.map((event) => ({ event, items: items.filter((i) => i.event_id === event.id) }));
    },

    /** A new credential for the same holder (seq + 1); false if the ticket or voucher changed since it was read. */
    async reissue(item: { type: 'ticket' | 'voucher'; id: string; seq: number }, fields: { credential: string; pack_version: number; updated_at: string }) {
      const result = await db
        .updateTable(item.type === 'ticket' ? 'tickets' : 'vouchers')
        .set({ ...fields, seq: sql`seq + 1` })
        .where('id', '=', item.id)
        .where('seq', '=', item.seq)
        .where('state', '!=', 'revoked')
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    findKey: (thumbprint: string) => db.selectFrom('holder_keys').selectAll().where('thumbprint', '=', thumbprint).executeTakeFirst(),

    async create(accountId: string, thumbprint: string, jwk: string, now: string) {
      await db.insertInto('accounts').values({ id: accountId, created_at: now }).execute();
      await db.insertInto('holder_keys').values({ thumbprint, account_id: accountId, jwk, active: 1, created_at: now }).execute();
    },

    /** Records a DPoP proof id; false if it was seen before (a replay), in any process on this database. */
    async rememberJti(jti: string, expiresAt: string) {
      const result = await db
        .insertInto('dpop_jtis')
        .values({ jti, expires_at: expiresAt })
        .onConflict((oc) => oc.column('jti').doNothing())
        .executeTakeFirst();
      return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
    },

    async forgetExpiredJtis(now: string) {
      await db.deleteFrom('dpop_jtis').where('expires_at', '<=', now).execute();
    },
  };
}
