import type { Context } from '../context.ts';
import type { MessageAudience, MessagesTable } from '../../storage/schema.ts';
import type { Delivery } from '../../storage/repositories/messages.ts';
import type { Repositories } from '../../storage/store.ts';
import { enqueue } from '../../jobs/queue.ts';
import { issueVouchers } from '../vouchers/vouchers.ts';
import { translationsOf } from './translations.ts';

export const audienceOf = (message: Pick<MessagesTable, 'audience'>) => JSON.parse(message.audience) as MessageAudience;

/** After the commit: tells this process's open inbox streams who just got the message (with its organizer's name). */
export function announce(ctx: Context, message: MessagesTable, deliveredAt: string, accountIds: readonly string[]) {
  if (accountIds.length === 0) return;
  void ctx.store.repos.organizers.findOrganizer(message.organizer_id).then(
    (organizer) =>
      ctx.inboxBus.publish(
        {
          id: message.id, title: message.title, body: message.body, translations: translationsOf(message), sentAt: deliveredAt, eventId: message.event_id,
          organizerId: message.organizer_id, organizerName: organizer?.name ?? '', marketing: message.marketing === 1,
          ...(message.voucher_campaign_id ? { voucherCampaignId: message.voucher_campaign_id } : {}),
        },
        accountIds,
      ),
    (error: unknown) => ctx.log?.warn({ err: error }, 'inbox streams not told of a message; they catch up on reconnect'),
  );
}

/**
 * Puts the message into its recipients' inboxes and, in the same transaction, queues its Web Push
 * delivery to their phones (never lost to a crash, never sent for a rollback) and issues the
 * voucher it carries, if any.
 */
export async function deliver(ctx: Context, repos: Repositories, delivery: Delivery & { message: Pick<MessagesTable, 'voucher_campaign_id'> }) {
  const reached = await repos.messages.deliver(delivery);
  if (reached.length === 0) return reached;
  await enqueue(repos, 'message.push', { messageId: delivery.message.id, deliveredAt: delivery.now, attempt: 1 }, delivery.now, delivery.now);
  const campaign = delivery.message.voucher_campaign_id ? await repos.vouchers.findCampaign(delivery.message.voucher_campaign_id) : undefined;
  if (campaign) await issueVouchers(repos, ctx.settings.secret, campaign, reached, 'message', delivery.now);
  return reached;
}
