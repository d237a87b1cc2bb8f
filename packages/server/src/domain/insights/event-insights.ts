import type { Context } from '../context.ts';
import { ownedEvent } from '../events/owned-event.ts';

/**
 * The organizer's numbers for one event. `reachRate` is the headline of account-based ticketing:
 * distinct holder accounts of valid tickets divided by valid tickets sold. A buyer who still holds
 * all 4 of their tickets gives 0.25; once they hand 3 on to 3 friends, 1.0. Tickets, holders and
 * check-ins count admission tickets; add-ons (parking, lockers) have figures of their own.
 */
export async function eventInsights(ctx: Context, organizerId: string, eventId: string) {
  const repos = ctx.store.repos;
  await ownedEvent(repos, eventId, organizerId);
  const now = ctx.clock().toISOString();
  const [sales, addons, soldPerType, types] = await Promise.all([
    repos.insights.salesOfEvent(eventId, now),
    repos.insights.addonSales(eventId),
    repos.insights.soldPerTicketType(eventId),
    repos.events.ticketTypes(eventId),
  ]);
  const ticketTypes = types.map((t) => {
    const sold = soldPerType.get(t.id) ?? 0;
    return { id: t.id, name: t.name, kind: t.kind, capacity: t.capacity, sold, held: t.taken - sold, available: t.capacity - t.taken };
  });
  return {
    ...sales,
    addons,
    reachRate: sales.ticketsSold === 0 ? 0 : Math.round((sales.ticketHolders / sales.ticketsSold) * 10_000) / 10_000,
    ticketTypes,
  };
}
