import type { Context } from '../context.ts';
import { notFound } from '../errors.ts';
import { expireHolds } from '../orders/expire-holds.ts';

/**
 * An event as anyone may see it, with live availability per ticket type. Drafts do not exist for
 * the public. Seats of holds that ran out are returned first, so `available` is never stale.
 */
export async function publicEvent(ctx: Context, eventId: string) {
  const event = await ctx.store.repos.events.find(eventId);
  if (!event || event.status === 'draft') throw notFound('event');
  await expireHolds(ctx, { eventId });
  const ticketTypes = await ctx.store.repos.events.ticketTypes(eventId);
  const organizer = (await ctx.store.repos.organizers.findOrganizer(event.organizer_id))!;
  const room = await ctx.store.repos.waitingRooms.find(eventId);
  return { event, ticketTypes, organizer, room };
}
