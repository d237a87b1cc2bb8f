/** The API answers the dashboard reads (the server's TypeBox schemas are the truth; these are the parts used). */
export type EventStatus = 'draft' | 'on_sale' | 'ended' | 'cancelled';

/** An ended or cancelled event is history: the server refuses edits to it and its ticket types. */
export const isClosed = (event: { status: EventStatus }) => event.status === 'ended' || event.status === 'cancelled';
export type TransferMode = 'none' | 'limited' | 'exchange';

/** admission admits to the event; an add-on (parking, a locker) is sold beside it. */
export type ProductKind = 'admission' | 'addon';

export interface TicketType {
  id: string;
  name: string;
  kind: ProductKind;
  /** Add-ons only: only holders (or buyers) of an admission ticket may buy it. */
  requiresAdmission: boolean;
  /** The organizer stopped selling it; what was sold stays valid. */
  salesStopped: boolean;
  priceCents: number;
  currency: string;
  capacity: number;
  taken: number;
  available: number;
}

export interface OrganizerEvent {
  id: string;
  name: string;
  venue: string;
  startsAt: string;
  endsAt: string;
  doorsAt: string | null;
  status: EventStatus;
  transferPolicy: { mode: TransferMode; maxTransfers?: number };
  maxTicketsPerAccount: number | null;
  ticketTypes: TicketType[];
  /** When the sale opens; null: once published. */
  onSaleAt?: string | null;
  /** The sale goes through a waiting room; admitPerMinute null: paced by how fast admitted visitors complete orders. */
  waitingRoom?: { enabled: boolean; admitPerMinute: number | null } | null;
  /** What the buyer reads on the event's page; plain text, may be empty. */
  description: string;
  /** VAT included in the prices, in hundredths of a percent (900: 9 %); null: none. */
  vatBasisPoints: number | null;
  /** The event's picture; null without one. */
  imageUrl: string | null;
  /** The event as an iCalendar file, for a buyer's calendar. */
  calendarUrl: string;
  /** The wallet's page of the event, where it is sold once published: the link to share. */
  salesUrl: string;
  organizerName: string;
}

/** The waiting room as the organizer watches it during an on-sale. */
export interface WaitingRoom {
  enabled: boolean;
  admitPerMinute: number | null;
  paused: boolean;
  onSaleAt: string | null;
  /** The draw of the early comers at the opening: the seed and their number replay it. */
  draw: { seed: string; drawnAt: string; earlyComers: number } | null;
  waiting: number;
  admitted: number;
  /** Let through in the last 10 minutes without a paid order yet. */
  shopping: number;
  completed: number;
  /** The pace of the last five minutes. */
  admittedPerMinute: number;
  soldOutAt: string | null;
  /** The last hour: let through and completed in each minute, waiting at its end. */
  perMinute: { minute: string; admitted: number; completed: number; waiting: number }[];
}

export interface Insights {
  ticketsSold: number;
  ticketHolders: number;
  buyers: number;
  reachRate: number;
  checkedIn: number;
  revenueCents: number;
  seatsHeld: number;
  /** Add-ons sold in paid orders; ticketsSold, ticketHolders and checkedIn count admission tickets only. */
  addons: { sold: number; buyers: number; revenueCents: number };
  ticketTypes: { id: string; name: string; kind: ProductKind; capacity: number; sold: number; held: number; available: number }[];
}

export interface Sales {
  currency: string;
  buckets: { at: string; byType: Record<string, number>; tickets: number; revenueCents: number }[];
  totals: { tickets: number; revenueCents: number; refundedCents: number };
  holds: { orders: number; tickets: number };
}

export interface GateStats {
  entriesPerMinute: { minute: string; gate: string; count: number }[];
  refusedByReason: Record<string, number>;
  accepted: number;
  refused: number;
  duplicates: number;
}

export interface GateDevice {
  id: string;
  name: string;
  createdAt: string;
  revoked: boolean;
  /** The check-in list it scans for; null: the default lists. */
  checkInListId: string | null;
}

/** Who is inside on a list now, and its accepted entry and exit scans so far. */
export interface ListCounts {
  inside: number;
  entries: number;
  exits: number;
}

/** An entrance (or a bar) that admits some products, with or without re-entry. */
export interface CheckInList extends ListCounts {
  id: string;
  name: string;
  /** Ticket type ids (voucher campaign ids in voucher mode); null: every admission type (every campaign). */
  ticketTypeIds: string[] | null;
  allowReentry: boolean;
  mode: 'ticket' | 'voucher';
  /** One of the two lists every event has: it admits every type and cannot be deleted. */
  isDefault: boolean;
  createdAt: string;
}

export interface Presence {
  /** People on the grounds: admission tickets inside on any ticket list, each counted once. */
  inside: number;
  lists: ({ id: string; name: string } & ListCounts)[];
  perMinute: { minute: string; listId: string; entries: number; exits: number }[];
}

export interface PairedDevice {
  id: string;
  name?: string;
  token: string;
  pairUrl?: string;
}

/** A figure of the returning-visitors picture: null is a group of fewer than 10, never a number. */
export type Shown = number | null;

/** GET /api/v1/insights/returning: how the organizer's visitors come back, every group under 10 hidden. */
export interface ReturningVisitors {
  minimumGroup: number;
  visitors: Shown;
  returning: Shown;
  byEventCount: { events: number; orMore?: boolean; visitors: Shown }[];
  overlap: { eventId: string; otherEventId: string; visitors: Shown }[];
  /** In order of start: each event's visitors and those of them who had been to an earlier event. */
  perEvent: { eventId: string; name: string; startsAt: string; visitors: Shown; returning: Shown }[];
  addonBuyers: Shown;
}

/** Visitors of any of these events, narrowed by ticket type or check-in: the audience of a message across events. */
export interface Segment {
  heldEventIds: string[];
  ticketTypeIds?: string[];
  checkedIn?: boolean;
}

export interface Message {
  id: string;
  title: string;
  body: string;
  translations?: { nl?: { title: string; body: string }; en?: { title: string; body: string } };
  status: 'scheduled' | 'sent' | 'cancelled';
  sendAt?: string | null;
  sentAt?: string | null;
  trigger?: { type: string; minutes?: number };
  recipients: number;
  delivered?: number;
  pushSent?: number;
  pushFailed?: number;
  voucherCampaignId?: string | null;
  marketing?: boolean;
  /** null for a message to a segment across events. */
  eventId?: string | null;
  audience?: Segment | { ticketTypeIds?: string[]; checkedIn?: boolean };
}

export interface VoucherCampaign {
  id: string;
  eventId: string;
  name: string;
  description: string;
  perHolder: number;
  validUntil: string | null;
  issueOnCheckIn: boolean;
  issued: number;
  redeemed: number;
}

export type PaymentProvider = 'sandbox' | 'mollie' | 'stripe';

/** Which provider the organizer's orders go to, and whose keys: the key itself never leaves the server. */
export interface PaymentSettings {
  provider: PaymentProvider;
  /** The last 4 characters of the key in use. */
  keyHint: string | null;
  keySource: 'organizer' | 'instance' | 'none';
  instanceDefault: PaymentProvider;
  updatedAt: string | null;
  /** The endpoint to give Stripe, from the server's PUBLIC_URL. */
  stripeWebhookUrl: string;
}

export interface Refund {
  id: string;
  orderId: string;
  ticketId?: string;
  amountCents: number;
  currency: string;
  status: 'pending' | 'refunded' | 'failed';
  reason: string;
  provider: string;
  providerReference?: string;
  error?: string;
  attempts: number;
  createdAt: string;
  updatedAt: string | null;
}

/** Paid at the provider with another amount or currency than the order asked: kept aside, no tickets issued. */
export interface OrderNeedingAttention {
  id: string;
  holderRef: string;
  totalCents: number;
  currency: string;
  reportedAmountCents: number;
  reportedCurrency: string;
  reason: string;
  provider: string;
  paymentReference: string | null;
  createdAt: string;
  reportedAt: string | null;
}

/** What happened to a ticket, as the help desk sees it; never who held it. */
export type DeskEvent =
  | { at: string; what: 'issued' | 'claimed' | 'resold' | 'recovered' | 'claim_link_made' | 'claim_link_sent' | 'revoked' }
  | { at: string; what: 'scanned'; list: string | null; direction: 'in' | 'out'; verdict: 'accepted' | 'rejected'; reason: string | null; gate: string; conflict: boolean }
  | { at: string; what: 'checked_in_by_hand'; list: string | null; note: string };

/** A ticket found at the help desk by its short reference. */
export interface DeskTicket {
  id: string;
  /** The short reference on the visitor's ticket screen: "K7PQ2-MXD9A". */
  ref: string;
  eventId: string;
  eventName: string;
  eventStartsAt: string;
  ticketTypeId: string;
  ticketTypeName: string;
  kind: ProductKind;
  state: 'valid' | 'checked_in' | 'revoked';
  /** The check-in lists it is inside on now. */
  insideOn: { id: string; name: string }[];
  /** Oldest first. */
  history: DeskEvent[];
}
