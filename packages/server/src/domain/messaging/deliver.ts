import type { Context } from '../context.ts';
import type { MessageAudience, MessagesTable } from '../../storage/schema.ts';
import type { Delivery } from '../../storage/repositories/messages.ts';
import type { Repositories } from '../../storage/store.ts';
import { enqueue } from '../../jobs/queue.ts';

export const audienceOf = (message: Pick<MessagesTable, 'audience'>) => JSON.parse(message.audience) as MessageAudience;

/** After the commit: tells this process's open inbox streams who just got the message. */
export function announce(ctx: Context, message: MessagesTable, deliveredAt: string, accountIds: readonly string[]) {
  ctx.inboxBus.publish({ id: message.id, title: message.title, body: message.body, sentAt: deliveredAt, eventId: message.event_id }, accountIds);
}

/**
 * Puts the message into its recipients' inboxes and, in the same transaction, queues its Web Push
 * delivery to their phones, so a push is never lost to a crash and never sent for a rollback.
 */
export async function deliver(repos: Repositories, delivery: Delivery) {
  const reached = await repos.messages.deliver(delivery);
  if (reached.length > 0) await enqueue(repos, 'message.push', { messageId: delivery.message.id, deliveredAt: delivery.now, attempt: 1 }, delivery.now, delivery.now);
  return reached;
}
