import type { Context } from '../context.ts';
import type { MessageAudience, MessagesTable } from '../../storage/schema.ts';

export const audienceOf = (message: Pick<MessagesTable, 'audience'>) => JSON.parse(message.audience) as MessageAudience;

/** After the commit: tells this process's open inbox streams who just got the message. */
export function announce(ctx: Context, message: MessagesTable, deliveredAt: string, accountIds: readonly string[]) {
  ctx.inboxBus.publish({ id: message.id, title: message.title, body: message.body, sentAt: deliveredAt, eventId: message.event_id }, accountIds);
}
