import type { Context } from '../context.ts';
import { announce, audienceOf, deliver } from './deliver.ts';

/**
 * The queue job of a message sent at a time. Only the run that moves it out of `scheduled`
 * delivers it, in the same transaction, so it goes out once even if two processes run the job
 * (one whose lock ran out, one that took over) or the organizer cancelled it meanwhile.
 */
export async function sendScheduledMessage(ctx: Context, messageId: string) {
  const now = ctx.clock().toISOString();
  const sent = await ctx.store.transaction(async (repos) => {
    const message = await repos.messages.find(messageId);
    if (!message || !(await repos.messages.leaveScheduled(messageId, 'sent', now))) return undefined;
    return { message, accountIds: await deliver(ctx, repos, { message, audience: audienceOf(message), now }) };
  });
  if (sent) announce(ctx, sent.message, now, sent.accountIds);
}
