import { Type } from '@sinclair/typebox';
import type { EventsTable, OrganizersTable, TicketTypesTable, WaitingRoomsTable } from '../../storage/schema.ts';
import { DateTime, Nullable, TransferPolicy, Uuid } from '../schemas.ts';

export const PublicTicketType = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: Type.Union([Type.Literal('admission'), Type.Literal('addon')], { description: 'admission admits to the event; addon is sold beside it (parking, a locker)' }),
  requiresAdmission: Type.Boolean({ description: 'only an account holding, or buying in the same order, an admission ticket may buy it' }),
  priceCents: Type.Integer(),
  currency: Type.String(),
  available: Type.Integer({ description: 'seats neither sold nor held by a pending order, right now; 0 once sales are stopped' }),
  salesStopped: Type.Boolean({ description: 'the organizer stopped selling it' }),
});

export const OrganizerTicketType = Type.Object({
  ...PublicTicketType.properties,
  capacity: Type.Integer(),
  taken: Type.Integer({ description: 'sold plus held by pending orders' }),
});

const eventFields = {
  id: Uuid,
  name: Type.String(),
  venue: Type.String(),
  startsAt: DateTime,
  endsAt: DateTime,
  doorsAt: Nullable(DateTime),
  status: Type.Union([Type.Literal('draft'), Type.Literal('on_sale'), Type.Literal('ended'), Type.Literal('cancelled')]),
  transferPolicy: TransferPolicy,
  maxTicketsPerAccount: Nullable(Type.Integer()),
  scanWindowSeconds: Type.Integer(),
  onSaleAt: Nullable(DateTime, { description: 'when the sale opens; null: it is open once published' }),
  description: Type.String({ description: "what the event is, in the organizer's words; plain text, may be empty" }),
  vatBasisPoints: Nullable(Type.Integer(), { description: 'VAT included in the prices, in hundredths of a percent (900: 9 %)' }),
  imageUrl: Nullable(Type.String(), { description: "the event's picture (GET), a path on this server that changes with every new picture; null without one" }),
  calendarUrl: Type.String({ description: "the event as an iCalendar file for a buyer's calendar, a path on this server" }),
  salesUrl: Type.String({ description: "the wallet's page of the event, where it is sold once published: share it" }),
};

/** What an event's page links to: the server's public address and when its picture last changed. */
export interface EventLinks {
  publicUrl: string;
  imageUpdatedAt: string | null | undefined;
}

const RoomSettings = Type.Object({
  enabled: Type.Boolean(),
  admitPerMinute: Nullable(Type.Integer(), { description: 'visitors let through per minute; null: paced by how fast admitted visitors complete orders' }),
});

export const PublicEvent = Type.Object({
  ...eventFields,
  waitingRoom: Nullable(Type.Object({ enabled: Type.Boolean() }), { description: 'the sale goes through a waiting room: join its queue (POST /api/v1/events/:id/queue)' }),
  ticketTypes: Type.Array(PublicTicketType),
  organizer: Type.Object({ id: Uuid, name: Type.String() }, { description: 'who runs the event: the wallet asks consents in their name' }),
});
export const OrganizerEvent = Type.Object({ ...eventFields, organizerId: Uuid, organizerName: Type.String(), ticketTypes: Type.Array(OrganizerTicketType), waitingRoom: Nullable(RoomSettings) });

export function presentTicketType(t: TicketTypesTable) {
  const salesStopped = t.sales_stopped_at !== null;
  return {
    id: t.id,
    name: t.name,
    kind: t.kind,
    requiresAdmission: t.requires_admission === 1,
    priceCents: t.price_cents,
    currency: t.currency,
    available: salesStopped ? 0 : t.capacity - t.taken,
    salesStopped,
  };
}

export const presentOrganizerTicketType = (t: TicketTypesTable) => ({ ...presentTicketType(t), capacity: t.capacity, taken: t.taken });

function presentEventFields(e: EventsTable, links: EventLinks) {
  return {
    id: e.id,
    name: e.name,
    venue: e.venue,
    startsAt: e.starts_at,
    endsAt: e.ends_at,
    doorsAt: e.doors_at,
    status: e.status,
    transferPolicy: e.transfer_mode === 'limited' ? { mode: e.transfer_mode, maxTransfers: e.max_transfers ?? 1 } : { mode: e.transfer_mode },
    maxTicketsPerAccount: e.max_tickets_per_account,
    scanWindowSeconds: e.window_seconds,
    onSaleAt: e.on_sale_at ?? null,
    description: e.description ?? '',
    vatBasisPoints: e.vat_basis_points ?? null,
    // Paths, not URLs: a page opened at another name of this server (127.0.0.1 beside localhost) loads them from its own origin.
    imageUrl: links.imageUpdatedAt ? imageUrlOf(e.id, links.imageUpdatedAt) : null,
    calendarUrl: `/api/v1/events/${e.id}/calendar.ics`,
    salesUrl: salesUrlOf(links.publicUrl, e.id),
  };
}

/** The picture's path, new with every picture so that caches never show an old one. */
export const imageUrlOf = (eventId: string, updatedAt: string) => `/api/v1/events/${eventId}/image?v=${Date.parse(updatedAt)}`;

export const salesUrlOf = (publicUrl: string, eventId: string) => `${publicUrl}/wallet/e/${eventId}`;

export const presentPublicEvent = (e: EventsTable, links: EventLinks, types: TicketTypesTable[], organizer: Pick<OrganizersTable, 'id' | 'name'>, room?: WaitingRoomsTable) => ({
  ...presentEventFields(e, links),
  waitingRoom: room?.enabled ? { enabled: true } : null,
  ticketTypes: types.map(presentTicketType),
  organizer: { id: organizer.id, name: organizer.name },
});

export const presentOrganizerEvent = (e: EventsTable, links: EventLinks, types: TicketTypesTable[], organizer: Pick<OrganizersTable, 'name'>, room?: WaitingRoomsTable) => ({
  ...presentEventFields(e, links),
  organizerName: organizer.name,
  organizerId: e.organizer_id,
  ticketTypes: types.map(presentOrganizerTicketType),
  waitingRoom: room ? { enabled: room.enabled === 1, admitPerMinute: room.admit_per_minute } : null,
});
