import type { Context } from '../context.ts';
import type { EventsTable, TicketTypesTable } from '../../storage/schema.ts';

/** How long a process trusts what it read of an event and its products for selling. */
const freshMs = 1000;

export interface SaleCatalog {
  event: EventsTable;
  types: Map<string, TicketTypesTable>;
}

const cached = new WeakMap<Context, Map<string, { at: number; catalog: Promise<SaleCatalog | undefined> }>>();

/**
 * An event and its products as the order path reads them: at most once a second per process, so
 * that an on-sale's thousands of orders do not each read the same rows. What must be true at the
 * moment of sale (on sale, not stopped, the price, seats left) the seat update checks itself, so a
 * second-old copy can only make an order take the slow path, never sell what is not for sale.
 */
export function saleCatalog(ctx: Context, eventId: string): Promise<SaleCatalog | undefined> {
  let catalogs = cached.get(ctx);
  if (!catalogs) cached.set(ctx, (catalogs = new Map()));
  const hit = catalogs.get(eventId);
  if (hit && Date.now() - hit.at < freshMs) return hit.catalog;
  const catalog = read(ctx, eventId);
  if (catalogs.size > 1000) catalogs.clear();
  catalogs.set(eventId, { at: Date.now(), catalog });
  catalog.catch(() => catalogs.delete(eventId));
  return catalog;
}

/** After the organizer changed the event or its products in this process: read them again. */
export const forgetCatalog = (ctx: Context, eventId: string) => cached.get(ctx)?.delete(eventId);

async function read(ctx: Context, eventId: string) {
  const event = await ctx.store.repos.events.find(eventId);
  if (!event) return undefined;
  return { event, types: new Map((await ctx.store.repos.events.ticketTypes(eventId)).map((t) => [t.id, t])) };
}
