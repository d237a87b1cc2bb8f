import { isAddon } from './products.ts';
import type { EventInfo, TicketType } from './tickets.ts';

export type Quantities = Record<string, number>;

/** Without a limit per phone, one order takes at most this many of a ticket type. */
const perTypeWithoutLimit = 10;

/**
 * What the event page's basket may hold, by the server's rules (API.md, Products): the limit per phone
 * counts tickets only, those on the phone (`held`) and those chosen; an add-on that requires admission
 * needs a ticket on the phone or one in the same order.
 */
export function basketOf(event: EventInfo, quantities: Quantities, held: number) {
  const count = (id: string) => quantities[id] ?? 0;
  const tickets = event.ticketTypes.filter((type) => !isAddon(type));
  const addons = event.ticketTypes.filter(isAddon);
  const chosenTickets = tickets.reduce((sum, type) => sum + count(type.id), 0);
  const limit = event.maxTicketsPerAccount;
  const room = limit === null ? Infinity : Math.max(0, limit - held - chosenTickets);
  const items = event.ticketTypes.filter((type) => count(type.id) > 0).map((type) => ({ ticketTypeId: type.id, quantity: count(type.id) }));
  return {
    tickets,
    addons,
    count,
    items,
    total: event.ticketTypes.reduce((sum, type) => sum + count(type.id) * type.priceCents, 0),
    /** The most of the type the basket may hold now. */
    maxOf: (type: TicketType) => Math.min(type.available, isAddon(type) ? Infinity : limit === null ? perTypeWithoutLimit : count(type.id) + room),
    /** The limit per phone stops "+" on every ticket: those on the phone and in the basket reach it. */
    limitReached: room === 0,
    /** An add-on that cannot be added yet: it comes with a ticket, and there is none on the phone or in the basket. */
    needsTicket: (type: TicketType) => isAddon(type) && Boolean(type.requiresAdmission) && held === 0 && chosenTickets === 0,
  };
}

/** The basket with one product's count changed. */
export const withCount = (event: EventInfo, quantities: Quantities, held: number, type: TicketType, n: number) =>
  settled(event, { ...quantities, [type.id]: Math.max(0, n) }, held);

/** Left without a ticket, on the phone or in the basket, the basket drops the add-ons that come with one. */
export function settled(event: EventInfo, quantities: Quantities, held: number): Quantities {
  const { needsTicket } = basketOf(event, quantities, held);
  return Object.fromEntries(Object.entries(quantities).filter(([id]) => !event.ticketTypes.some((type) => type.id === id && needsTicket(type))));
}

/** The basket within what is left, after a fresh look at the event (sold out, or sales stopped meanwhile). */
export const withinAvailable = (event: EventInfo, quantities: Quantities): Quantities =>
  Object.fromEntries(event.ticketTypes.map((type) => [type.id, Math.min(quantities[type.id] ?? 0, type.available)]));
