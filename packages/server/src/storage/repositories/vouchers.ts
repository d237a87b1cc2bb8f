import { sql, type Kysely } from 'kysely';
import type { Database, VoucherCampaignsTable, VoucherRedemptionsTable, VouchersTable } from '../schema.ts';

export function vouchersRepository(db: Kysely<Database>, rowLocks: boolean) {
  return {
    async insertCampaign(row: VoucherCampaignsTable) {
      await db.insertInto('voucher_campaigns').values(row).execute();
    },

    findCampaign: (id: string) => db.selectFrom('voucher_campaigns').selectAll().where('id', '=', id).executeTakeFirst(),

    /** The campaigns of one event, or of every event of an organizer, with issued and redeemed counts. */
    campaignsOf: (of: { eventId: string } | { organizerId: string }) =>
      db
        .selectFrom('voucher_campaigns')
        .innerJoin('events', 'events.id', 'voucher_campaigns.event_id')
        .selectAll('voucher_campaigns')
        .select((eb) => [
          eb.selectFrom('vouchers').select(eb.fn.countAll<string>().as('n')).whereRef('vouchers.campaign_id', '=', 'voucher_campaigns.id').as('issued'),
          eb
            .selectFrom('voucher_redemptions')
            .innerJoin('vouchers', 'vouchers.id', 'voucher_redemptions.voucher_id')
            .select(eb.fn.countAll<string>().as('n'))
            .whereRef('vouchers.campaign_id', '=', 'voucher_campaigns.id')
            .as('redeemed'),
        ])
        .where((eb) => ('eventId' in of ? eb('voucher_campaigns.event_id', '=', of.eventId) : eb('events.organizer_id', '=', of.organizerId)))
        .orderBy('voucher_campaigns.created_at')
        .execute(),

    checkinCampaigns: (eventId: string) =>
      db.selectFrom('voucher_campaigns').selectAll().where('event_id', '=', eventId).where('issue_on_checkin', '=', 1).execute(),

    /** Issues a voucher unless this holder already has one of the campaign; true when issued. */
    async insertIfAbsent(row: VouchersTable) {
      const result = await db
        .insertInto('vouchers')
        .values(row)
        .onConflict((oc) => oc.columns(['campaign_id', 'account_id']).doNothing())
        .executeTakeFirst();
      return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
    },

    ofAccount: (accountId: string) =>
      db
        .selectFrom('vouchers')
        .innerJoin('voucher_campaigns', 'voucher_campaigns.id', 'vouchers.campaign_id')
        .select(['vouchers.id', 'vouchers.event_id', 'vouchers.campaign_id', 'vouchers.state', 'vouchers.uses', 'vouchers.credential', 'vouchers.seq', 'voucher_campaigns.name', 'voucher_campaigns.description', 'voucher_campaigns.per_holder', 'voucher_campaigns.valid_until'])
        .where('vouchers.account_id', '=', accountId)
        .orderBy('vouchers.created_at')
        .execute(),

    packRows: (eventId: string, sinceVersion: number) =>
      db
        .selectFrom('vouchers')
        .select(['id', 'seq', 'state', 'campaign_id'])
        .where('event_id', '=', eventId)
        .where('pack_version', '>', sinceVersion)
        .execute(),

    /** The vouchers a batch of scans is about, with their campaign's limit and last redemption, locked. */
    async lock(eventId: string, ids: string[]) {
      if (ids.length === 0) return [];
      const query = db
        .selectFrom('vouchers')
        .innerJoin('voucher_campaigns', 'voucher_campaigns.id', 'vouchers.campaign_id')
        .select((eb) => [
          'vouchers.id', 'vouchers.seq', 'vouchers.state', 'vouchers.uses', 'vouchers.campaign_id', 'voucher_campaigns.per_holder',
          eb.selectFrom('voucher_redemptions').select((inner) => inner.fn.max('voucher_redemptions.scanned_at').as('at')).whereRef('voucher_redemptions.voucher_id', '=', 'vouchers.id').as('last_at'),
        ])
        .where('vouchers.event_id', '=', eventId)
        .where('vouchers.id', 'in', ids)
        .orderBy('vouchers.id');
      return (rowLocks ? query.forUpdate(['vouchers']) : query).execute();
    },

    /** One more use of each voucher; a voucher whose uses reach its campaign's limit is used up. */
    async redeem(rows: VoucherRedemptionsTable[], packVersion: number, now: string) {
      for (const row of rows) {
        await db.insertInto('voucher_redemptions').values(row).execute();
        await db
          .updateTable('vouchers')
          .set({
            uses: sql`uses + 1`,
            state: sql`CASE WHEN uses + 1 >= (SELECT per_holder FROM voucher_campaigns WHERE voucher_campaigns.id = vouchers.campaign_id) THEN 'checked_in' ELSE state END`,
            pack_version: packVersion,
            updated_at: now,
          })
          .where('id', '=', row.voucher_id)
          .execute();
      }
    },
  };
}
