import type { Context } from '../context.ts';
import type { InboxMessage } from './inbox-bus.ts';
import { translationsOf } from './translations.ts';

/** The newest messages in an account's inbox, newest first. */
export async function inboxOf(ctx: Context, accountId: string, limit = 100): Promise<InboxMessage[]> {
  const rows = await ctx.store.repos.messages.inboxOf(accountId, limit);
  return rows.map((r) => ({
    id: r.id, title: r.title, body: r.body, translations: translationsOf(r), sentAt: r.delivered_at, eventId: r.event_id, organizerId: r.organizer_id, organizerName: r.organizer_name, marketing: r.marketing === 1,
    ...(r.voucher_campaign_id ? { voucherCampaignId: r.voucher_campaign_id } : {}),
  }));
}
