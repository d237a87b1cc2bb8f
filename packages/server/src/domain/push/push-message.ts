import type { Context } from '../context.ts';
import { backoffSeconds, defaultMaxAttempts, enqueue, type JobPayloads } from '../../jobs/queue.ts';
import { sendPush } from './web-push.ts';
import { translationsOf, type MessageText } from '../messaging/translations.ts';

const pushBodyLength = 600;

/**
 * The queued Web Push of one delivery of a message: to the browsers of everyone it reached. Gone
 * subscriptions are dropped by sendPush; the ones that failed otherwise get a retry job of their
 * own with backoff, so a flaky push service never makes anyone get the message twice.
 */
export async function pushMessage(ctx: Context, payload: JobPayloads['message.push']) {
  const message = await ctx.store.repos.messages.find(payload.messageId);
  if (!message) return;
  const ids = payload.subscriptionIds ?? (await ctx.store.repos.push.ofDelivery(message.id, payload.deliveredAt));
  if (ids.length === 0) return;
  // Push services take about 4 KB, so the texts are cut; the inbox has them whole.
  const cut = ({ title, body }: MessageText) => ({ title, body: body.length > pushBodyLength ? `${body.slice(0, pushBodyLength - 1)}…` : body });
  const translations = Object.fromEntries(Object.entries(translationsOf(message)).map(([language, text]) => [language, cut(text)]));
  // Who it is from, as the inbox shows it: a phone's notification otherwise names only the wallet's site.
  const organizer = await ctx.store.repos.organizers.findOrganizer(message.organizer_id);
  const result = await sendPush(ctx, ids, {
    ...cut(message),
    translations,
    from: organizer?.name ?? '',
    messageId: message.id,
    eventId: message.event_id,
    url: `${ctx.settings.publicUrl}/wallet/inbox`,
  });
  const lastAttempt = payload.attempt >= defaultMaxAttempts;
  // A subscription counts as failed once it is gone or out of retries, so sent + failed never counts a phone twice.
  await ctx.store.repos.messages.countPush(message.id, result.sent, result.dropped + (lastAttempt ? result.failed.length : 0));
  if (result.failed.length === 0 || lastAttempt) return;
  const now = ctx.clock();
  const runAt = new Date(now.getTime() + backoffSeconds(payload.attempt) * 1000).toISOString();
  await ctx.store.transaction((repos) =>
    enqueue(repos, 'message.push', { ...payload, attempt: payload.attempt + 1, subscriptionIds: result.failed }, runAt, now.toISOString()),
  );
}
