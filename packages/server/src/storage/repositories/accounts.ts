import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export function accountsRepository(db: Kysely<Database>) {
  return {
    activeKey: (thumbprint: string) =>
      db
        .selectFrom('holder_keys')
        .select(['account_id', 'thumbprint', 'jwk'])
        .where('thumbprint', '=', thumbprint)
        .where('active', '=', 1)
        .executeTakeFirst(),

    activeKeyOfAccount: (accountId: string) =>
      db
        .selectFrom('holder_keys')
        .select(['thumbprint', 'jwk'])
        .where('account_id', '=', accountId)
        .where('active', '=', 1)
        .executeTakeFirstOrThrow(),

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
