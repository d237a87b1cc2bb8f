import type { Kysely } from 'kysely';

/** A message may carry a voucher: every recipient gets one of the campaign. Frozen: never edit. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('voucher_campaign_id', 'text', (c) => c.references('voucher_campaigns.id')).execute();
}
