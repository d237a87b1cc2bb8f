import type { Context } from '../context.ts';
import type { EventsTable, TicketTypesTable } from '../../storage/schema.ts';
import { memoryPerContext } from '../short-memory.ts';

export interface SaleCatalog {
  event: EventsTable;
  types: Map<string, TicketTypesTable>;
}

/** What this process read of each event for selling, trusted for a second. */
const catalogs = memoryPerContext<SaleCatalog | undefined>(1000);

/**
 * An event and its products as the order path reads them: at most once a second per process, so
 * that an on-sale's thousands of orders do not each read the same rows. What must be true at the
 * moment of sale (on sale, not stopped, the price, seats left) the seat update checks itself, so a
 * second-old copy can only make an order take the slow path, never sell what is not for sale.
 */
export const saleCatalog = (ctx: Context, eventId: string) => catalogs(ctx).get(eventId, () => read(ctx, eventId));

/** After the organizer changed the event or its products in this process: read them again. */
export const forgetCatalog = (ctx: Context, eventId: string) => catalogs(ctx).forget(eventId);

async function read(ctx: Context, eventId: string) {
  const event = await ctx.store.repos.events.find(eventId);
  if (!event) return undefined;
  return { event, types: new Map((await ctx.store.repos.events.ticketTypes(eventId)).map((t) => [t.id, t])) };
}
