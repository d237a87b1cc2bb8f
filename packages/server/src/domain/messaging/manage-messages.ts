import type { Context } from '../context.ts';
import type { MessagesTable } from '../../storage/schema.ts';
import { DomainError, notFound } from '../errors.ts';
import { ownedEvent } from '../events/owned-event.ts';

/** Messages with how many inboxes hold them now. */
async function withInboxCounts(ctx: Context, messages: MessagesTable[]) {
  const counts = await ctx.store.repos.messages.inboxCounts(messages.map((m) => m.id));
  return messages.map((m) => ({ ...m, ...(counts.get(m.id) ?? { delivered: 0 }) }));
}

export type MessageWithFigures = Awaited<ReturnType<typeof withInboxCounts>>[number];

/** An event's messages, newest first, for its organizer, with their delivery figures. */
export async function eventMessages(ctx: Context, organizerId: string, eventId: string) {
  await ownedEvent(ctx.store.repos, eventId, organizerId);
  return withInboxCounts(ctx, await ctx.store.repos.messages.ofEvent(eventId));
}

/** The organizer's messages to segments across its events, newest first, with their delivery figures. */
export async function segmentMessages(ctx: Context, organizerId: string) {
  return withInboxCounts(ctx, await ctx.store.repos.messages.segmentMessagesOf(organizerId));
}

/**
 * Withdraws a message that has not gone out; a check-in message stops being delivered. `eventId`
 * null: any of the organizer's messages (the organizer-wide route, for messages to segments).
 */
export async function cancelMessage(ctx: Context, organizerId: string, eventId: string | null, messageId: string) {
  return ctx.store.transaction(async (repos) => {
    if (eventId) await ownedEvent(repos, eventId, organizerId);
    const message = await repos.messages.find(messageId);
    if (!message || message.organizer_id !== organizerId || (eventId !== null && message.event_id !== eventId)) throw notFound('message');
    if (!(await repos.messages.leaveScheduled(messageId, 'cancelled', ctx.clock().toISOString()))) {
      throw new DomainError('invalid_state', `this message is ${(await repos.messages.find(messageId))!.status}; only a scheduled one can be cancelled`);
    }
    return (await repos.messages.find(messageId))!;
  }).then(async (message) => (await withInboxCounts(ctx, [message]))[0]!);
}
