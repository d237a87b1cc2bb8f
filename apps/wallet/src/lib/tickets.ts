import { ApiError, api, ensureAccount, forgetAccount, publicApi } from './wallet-api.ts';
import { forgetDeviceKey } from './device-key.ts';
import { idb } from './idb.ts';

export type TransferPolicy = { mode: 'none' | 'limited' | 'exchange'; maxTransfers?: number };

/** `admission` admits to the event; an `addon` (parking, a locker) is sold beside it. Missing where an older wallet stored it: admission. */
export type ProductKind = 'admission' | 'addon';

export interface TicketType {
  id: string;
  name: string;
  kind?: ProductKind;
  /** An add-on sold only beside a ticket: one the account holds, or one in the same order. */
  requiresAdmission?: boolean;
  priceCents: number;
  currency: string;
  /** 0 once sales are stopped. */
  available: number;
  salesStopped?: boolean;
}

export interface EventInfo {
  id: string;
  name: string;
  venue: string;
  startsAt: string;
  endsAt: string;
  status: string;
  transferPolicy: TransferPolicy;
  maxTicketsPerAccount: number | null;
  ticketTypes: TicketType[];
  /** Missing in events stored by an older wallet, until they are fetched again. */
  organizer?: { id: string; name: string };
  /** When the sale opens; null or missing: open once published. */
  onSaleAt?: string | null;
  /** The sale goes through a waiting room: a visitor joins its queue and buys when admitted. */
  waitingRoom?: { enabled: boolean } | null;
}

export interface ServerTicket {
  id: string;
  eventId: string;
  ticketTypeId: string;
  kind?: ProductKind;
  state: 'valid' | 'checked_in' | 'revoked';
  seq: number;
  claimable: boolean;
  credential: string | null;
}

/** A ticket as this phone keeps it: enough to show its QR with the network off. */
export interface WalletTicket extends ServerTicket {
  /** The claim link made for it, while it waits for the friend. */
  handOn?: { url: string; at: string };
  /** Claimed by a friend: it is no longer on this phone's account. */
  handedOn?: boolean;
  /** Offered on the exchange (policy `exchange`), and `sold` once a buyer from the waiting list paid. */
  listing?: { at: string };
  sold?: boolean;
}

export const localTickets = () => idb.all<WalletTicket>('tickets');
export const localTicket = (id: string) => idb.get<WalletTicket>('tickets', id);
export const localEvent = (id: string) => idb.get<EventInfo>('events', id);
export const saveTicket = (ticket: WalletTicket) => idb.put('tickets', ticket.id, ticket);

/** The public event, kept on the phone for names and dates while offline. */
export async function fetchEvent(eventId: string) {
  const event = await publicApi<EventInfo>('GET', `/api/v1/events/${eventId}`);
  await idb.put('events', event.id, event);
  return event;
}

/**
 * Brings the phone's tickets in line with the server. A ticket gone from the account after a claim
 * link was made has been claimed by the friend: it stays listed as handed on, so the buyer sees which
 * of their tickets found a phone.
 */
export async function syncTickets() {
  await ensureAccount();
  let tickets: ServerTicket[];
  try {
    ({ tickets } = await api<{ tickets: ServerTicket[] }>('GET', '/api/v1/me/tickets'));
  } catch (error) {
    if (error instanceof ApiError && error.code === 'unauthorized') await movedAway();
    throw error;
  }
  if (tickets.length > 0) await idb.delete('meta', 'movedAt');
  const local = new Map((await localTickets()).map((t) => [t.id, t]));
  for (const ticket of tickets) {
    const { handOn, listing, seq } = local.get(ticket.id) ?? {};
    await saveTicket({ ...ticket, ...(ticket.seq === seq ? { handOn, listing } : {}) });
    local.delete(ticket.id);
  }
  for (const gone of local.values()) {
    if (gone.listing || gone.sold) await saveTicket({ ...gone, sold: true, listing: undefined, handOn: undefined, credential: null });
    else if (gone.handOn || gone.handedOn) await saveTicket({ ...gone, handedOn: true, handOn: undefined, credential: null });
    else await idb.delete('tickets', gone.id);
  }
  const eventIds = new Set(tickets.map((t) => t.eventId));
  // Fetched once; again for an event an older wallet stored without its organizer or products' kinds,
  // or without the type of a ticket (an add-on the organizer added after the event was stored).
  const complete = (event: EventInfo | undefined, id: string) =>
    event?.organizer && tickets.every((t) => t.eventId !== id || event.ticketTypes.some((type) => type.id === t.ticketTypeId && type.kind));
  await Promise.all([...eventIds].map(async (id) => (complete(await localEvent(id), id) ? undefined : fetchEvent(id))));
  return localTickets();
}

/**
 * The server no longer knows this phone's key: the visitor recovered the account on another phone.
 * Its tickets (whose codes the gates now refuse) go, and the next call makes a fresh key and account.
 */
async function movedAway() {
  await idb.clear('tickets');
  await forgetDeviceKey();
  await forgetAccount();
  await idb.put('meta', 'movedAt', new Date().toISOString());
}

export const movedAt = () => idb.get<string>('meta', 'movedAt');
