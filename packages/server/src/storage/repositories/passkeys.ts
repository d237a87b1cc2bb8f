import type { Kysely } from 'kysely';
import type { Database, PasskeysTable, WebauthnChallengesTable } from '../schema.ts';

/** Passkeys, their ceremonies' challenges, and moving an account to a new phone's key. */
export function passkeysRepository(db: Kysely<Database>) {
  return {
    async insertChallenge(row: Omit<WebauthnChallengesTable, 'used_at'>) {
      await db.insertInto('webauthn_challenges').values({ ...row, used_at: null }).execute();
    },

    /**
     * Uses a challenge once: a conditional update, so of two requests with the same challenge (a
     * replay, or a race) exactly one gets it. Undefined if unknown, used, expired or for another purpose.
     */
    async takeChallenge(challenge: string, purpose: WebauthnChallengesTable['purpose'], now: string) {
      const taken = await db
        .updateTable('webauthn_challenges')
        .set({ used_at: now })
        .where('challenge', '=', challenge)
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      if ((taken.numUpdatedRows ?? 0n) === 0n) return undefined;
      return db.selectFrom('webauthn_challenges').selectAll().where('challenge', '=', challenge).executeTakeFirstOrThrow();
    },

    async forgetExpiredChallenges(now: string) {
      await db.deleteFrom('webauthn_challenges').where('expires_at', '<=', now).execute();
    },

    async insert(row: PasskeysTable) {
      await db.insertInto('passkeys').values(row).execute();
    },

    async find(id: string) {
      const row = await db.selectFrom('passkeys').selectAll().where('id', '=', id).executeTakeFirst();
      return row && { ...row, counter: Number(row.counter) };
    },

    ofAccount: (accountId: string) =>
      db.selectFrom('passkeys').select(['id', 'transports', 'created_at', 'last_used_at']).where('account_id', '=', accountId).orderBy('created_at').execute(),

    async used(id: string, counter: number, now: string) {
      await db.updateTable('passkeys').set({ counter, last_used_at: now }).where('id', '=', id).execute();
    },

    async deleteOfAccount(accountId: string) {
      await db.deleteFrom('passkeys').where('account_id', '=', accountId).execute();
      await db.deleteFrom('webauthn_challenges').where('account_id', '=', accountId).execute();
    },

    /** Makes this key the account's only active key; the key may have made an empty account of its own before. */
    async activateKey(accountId: string, key: { thumbprint: string; jwk: string }, now: string) {
      await db.updateTable('holder_keys').set({ active: 0 }).where('account_id', '=', accountId).execute();
      const moved = await db.updateTable('holder_keys').set({ account_id: accountId, active: 1 }).where('thumbprint', '=', key.thumbprint).executeTakeFirst();
      if ((moved.numUpdatedRows ?? 0n) === 0n) {
        await db.insertInto('holder_keys').values({ thumbprint: key.thumbprint, account_id: accountId, jwk: key.jwk, active: 1, created_at: now }).execute();
      }
    },

    /** Whether an account holds anything a recovery into another account would strand. */
    async holdsAnything(accountId: string) {
      const ticket = await db.selectFrom('tickets').select('id').where('account_id', '=', accountId).executeTakeFirst();
      const voucher = await db.selectFrom('vouchers').select('id').where('account_id', '=', accountId).executeTakeFirst();
      const order = await db.selectFrom('orders').select('id').where('account_id', '=', accountId).where('status', '=', 'pending').executeTakeFirst();
      return Boolean(ticket || voucher || order);
    },

    /** Vouchers still usable, to be bound to the new key like tickets. */
    usableVouchers: (accountId: string) =>
      db
        .selectFrom('vouchers')
        .innerJoin('voucher_campaigns', 'voucher_campaigns.id', 'vouchers.campaign_id')
        .select(['vouchers.id', 'vouchers.event_id', 'vouchers.seq', 'voucher_campaigns.valid_until'])
        .where('vouchers.account_id', '=', accountId)
        .where('vouchers.state', '=', 'valid')
        .execute(),

    async rebindVoucher(id: string, fields: { seq: number; credential: string; pack_version: number; updated_at: string }) {
      await db.updateTable('vouchers').set(fields).where('id', '=', id).execute();
    },
  };
}
