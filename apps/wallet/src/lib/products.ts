import type { TFunction } from 'i18next';
import type { EventInfo, ProductKind, WalletTicket } from './tickets.ts';

/** An add-on (parking, a locker) rather than a ticket; what an older wallet stored without a kind was a ticket. */
export const isAddon = (item: { kind?: ProductKind }) => item.kind === 'addon';

/** Still on this phone's account: not claimed by a friend, not sold on the exchange. */
export const isHeld = (ticket: WalletTicket) => !ticket.handedOn;

/** The tickets (not add-ons) of the event this phone holds, as the server counts them for the admission rule and the limit. */
export const heldTickets = (tickets: WalletTicket[], eventId: string) =>
  tickets.filter((ticket) => ticket.eventId === eventId && isHeld(ticket) && !isAddon(ticket) && ticket.state !== 'revoked').length;

/** Tickets first, then the add-ons under them, each in the order given. */
export const ticketsFirst = <T extends { kind?: ProductKind }>(items: T[]) => [...items].sort((a, b) => Number(isAddon(a)) - Number(isAddon(b)));

/**
 * The items of one event, in the order given, each with what it is called in a list: "Ticket 2 · Standing"
 * for a ticket, the add-on's own name for an add-on ("Parking", or "Parking 2" when there are more of it).
 */
export function labelled<T extends { kind?: ProductKind; ticketTypeId: string }>(t: TFunction, items: T[], event?: EventInfo) {
  const typeName = (id: string) => event?.ticketTypes.find((type) => type.id === id)?.name;
  let tickets = 0;
  const seen = new Map<string, number>();
  return items.map((item) => {
    if (!isAddon(item)) {
      const name = typeName(item.ticketTypeId);
      return { item, label: `${t('home.ticketN', { n: ++tickets })}${name ? ` · ${name}` : ''}` };
    }
    const n = (seen.get(item.ticketTypeId) ?? 0) + 1;
    seen.set(item.ticketTypeId, n);
    const name = typeName(item.ticketTypeId) ?? t('addons.badge');
    return { item, label: items.filter((other) => other.ticketTypeId === item.ticketTypeId).length > 1 ? `${name} ${n}` : name };
  });
}
