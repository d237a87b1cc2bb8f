import type { Context } from '../context.ts';
import { forgetCatalog } from '../orders/sale-catalog.ts';
import { DomainError } from '../errors.ts';
import { cancelSales } from './cancel-event.ts';
import { endListings } from '../exchange/settle-resale.ts';
import { statusesBefore, type EventStatus } from './event-rules.ts';
import { ownedEvent } from './owned-event.ts';

/**
 * Publishing puts an event on sale (it needs at least one ticket type and must not be over);
 * cancelling stops all sales and refunds every ticket; ending closes sales. All follow the
 * transition table in event-rules.ts.
 */
export async function changeEventStatus(ctx: Context, organizerId: string, eventId: string, to: EventStatus) {
  const now = ctx.clock().toISOString();
  const result = await ctx.store.transaction(async (repos) => {
    const event = await ownedEvent(repos, eventId, organizerId);
    if (event.status === to) return event;
    const from = statusesBefore(to);
    if (!from.includes(event.status)) {
      throw new DomainError('invalid_state', `an event that is ${event.status} cannot become ${to}`);
    }
    if (to === 'on_sale') {
      if ((await repos.events.ticketTypes(eventId)).length === 0) {
        throw new DomainError('invalid_state', 'add at least one ticket type before publishing');
      }
      if (Date.parse(event.ends_at) <= ctx.clock().getTime()) {
        throw new DomainError('invalid_state', 'an event that is over cannot be put on sale');
      }
    }
    if (!(await repos.events.transition(eventId, from, to, now))) {
      throw new DomainError('invalid_state', 'the event changed at the same moment; reload and try again');
    }
    if (to === 'cancelled') await cancelSales(ctx, repos, eventId, now);
    if (to === 'ended') await endListings(ctx, repos, { eventId }, now);
    return (await repos.events.find(eventId))!;
  });
  // The order path of this process sees the change at once, the others within a second.
  forgetCatalog(ctx, eventId);
  return result;
}
