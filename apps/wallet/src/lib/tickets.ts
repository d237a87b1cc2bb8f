import { ApiError, api, ensureAccount, forgetAccount, publicApi } from './wallet-api.ts';
import { forgetKeys } from './device-key.ts';
import { registerPresentationKeys } from './presentation-keys.ts';
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
  /** When the doors open; null: at the start. Missing in events stored by an older wallet. */
  doorsAt?: string | null;
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
  /** The organizer's words about the event, plain text; may be empty. */
  description?: string;
  /** The event's picture, a path on this server; null without one. */
  imageUrl?: string | null;
  /** The event as a calendar file, a path on this server. */
  calendarUrl: string;
}

export interface ServerTicket {
  id: string;
  /** The short reference the help desk asks for: "K7PQ2-MXD9A". */
  ref: string;
  eventId: string;
  ticketTypeId: string;
  kind?: ProductKind;
  state: 'valid' | 'checked_in' | 'revoked';
  seq: number;
  claimable: boolean;
  credential: string | null;
  /** The claim link waiting for a friend, while there is one. */
  claimLink?: { expiresAt: string } | null;
}

/** A ticket this account handed on, as GET /api/v1/me/tickets lists it: claimed by a friend, or sold on the exchange. */
interface HandedOn {
  id: string;
  ref: string;
  eventId: string;
  ticketTypeId: string;
  kind: ProductKind;
  reason: 'claim' | 'exchange';
  handedOnAt: string;
}

/** A ticket as this phone keeps it: enough to show its QR with the network off. */
export interface WalletTicket extends ServerTicket {
  /** The claim link made on this phone, while it waits for the friend. */
  handOn?: { url: string; at: string };
  /** No longer on this account: claimed by a friend, or sold on the exchange to someone from its waiting list. */
  handedOn?: { reason: HandedOn['reason']; at: string };
  /** Offered on the exchange (policy `exchange`). */
  listing?: { at: string };
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

const loadMine = () => api<{ tickets: ServerTicket[]; handedOn: HandedOn[] }>('GET', '/api/v1/me/tickets');

/** A handed-on ticket as the list keeps showing it: no code, and what became of it. */
const handedOnTicket = ({ reason, handedOnAt, ...entry }: HandedOn, known?: WalletTicket): WalletTicket => ({
  ...(known ?? { state: 'valid', seq: 0, claimable: false }),
  ...entry,
  credential: null,
  claimLink: null,
  handOn: undefined,
  listing: undefined,
  handedOn: { reason, at: handedOnAt },
});

let syncing: Promise<WalletTicket[]> | undefined;

/**
 * Brings the phone's tickets in line with the server: those the account holds, and those it handed on
 * (a friend claimed them, or they were sold on the exchange), which stay listed so the buyer sees which
 * of their tickets found a phone. Organizers whose tickets still bind the device key get a presentation
 * key first, and the tickets come again with the credentials bound to it. One sync at a time in this
 * tab: screens that ask meanwhile share the one under way, so no key is registered twice.
 */
export const syncTickets = () => (syncing ??= sync().finally(() => (syncing = undefined)));

async function sync() {
  await ensureAccount();
  let mine;
  try {
    mine = await loadMine();
  } catch (error) {
    if (error instanceof ApiError && error.code === 'unauthorized') await movedAway();
    throw error;
  }
  if (mine.tickets.length > 0) await idb.delete('meta', 'movedAt');
  await fetchEventsOf([...mine.tickets, ...mine.handedOn]);
  if (await registerPresentationKeys(await credentialsOf(mine.tickets))) mine = await loadMine();
  const local = new Map((await localTickets()).map((t) => [t.id, t]));
  for (const ticket of mine.tickets) {
    const known = local.get(ticket.id);
    // The link made on this phone stays shown while the server has it open; an offer, while the binding is the same.
    await saveTicket({ ...ticket, handOn: ticket.claimLink ? known?.handOn : undefined, listing: ticket.seq === known?.seq ? known.listing : undefined });
    local.delete(ticket.id);
  }
  for (const entry of mine.handedOn) {
    await saveTicket(handedOnTicket(entry, local.get(entry.id)));
    local.delete(entry.id);
  }
  for (const gone of local.values()) await idb.delete('tickets', gone.id);
  return localTickets();
}

/**
 * Fetched once; again for an event an older wallet stored without its organizer or products' kinds,
 * or without the type of a ticket (an add-on the organizer added after the event was stored).
 */
async function fetchEventsOf(tickets: { eventId: string; ticketTypeId: string }[]) {
  const complete = (event: EventInfo | undefined, id: string) =>
    event?.organizer && tickets.every((t) => t.eventId !== id || event.ticketTypes.some((type) => type.id === t.ticketTypeId && type.kind));
  const ids = new Set(tickets.map((t) => t.eventId));
  await Promise.all([...ids].map(async (id) => (complete(await localEvent(id), id) ? undefined : fetchEvent(id))));
}

/** The credentials of the tickets in use, each with its organizer. */
async function credentialsOf(tickets: ServerTicket[]) {
  const credentials = [];
  for (const { eventId, credential, state } of tickets) {
    const organizerId = (await localEvent(eventId))?.organizer?.id;
    if (credential && state !== 'revoked' && organizerId) credentials.push({ organizerId, credential });
  }
  return credentials;
}

/**
 * The server no longer knows this phone's key: the visitor recovered the account on another phone.
 * Its tickets (whose codes the gates now refuse) go, and the next call makes a fresh key and account.
 */
async function movedAway() {
  await idb.clear('tickets');
  await forgetKeys();
  await forgetAccount();
  await idb.put('meta', 'movedAt', new Date().toISOString());
}

export const movedAt = () => idb.get<string>('meta', 'movedAt');
