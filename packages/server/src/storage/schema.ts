/**
 * Row types as the database holds them, the same on SQLite and PostgreSQL: ids are UUID text,
 * times are ISO 8601 UTC text with milliseconds (so they sort as text), flags are 0/1 integers.
 */
export interface OrganizersTable { id: string; name: string; created_at: string }

export interface StaffUsersTable {
  id: string;
  organizer_id: string;
  email: string;
  password_hash: string;
  role: 'owner' | 'manager' | 'gate';
  created_at: string;
  /** Optional on insert (null): the founding owner signs up with the organizer's name only. */
  name?: string | null;
  /** Set when removed from the organizer: the row stays for the audit log but can no longer sign in. */
  removed_at?: string | null;
}

export interface StaffInvitesTable {
  id: string;
  organizer_id: string;
  role: StaffUsersTable['role'];
  token_hash: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  used_by: string | null;
  revoked_at: string | null;
}

export interface StaffSessionsTable {
  token_hash: string;
  staff_user_id: string;
  organizer_id: string;
  created_at: string;
  expires_at: string;
}

export interface EventsTable {
  id: string;
  organizer_id: string;
  name: string;
  venue: string;
  starts_at: string;
  ends_at: string;
  doors_at: string | null;
  status: 'draft' | 'on_sale' | 'ended' | 'cancelled';
  transfer_mode: 'none' | 'limited' | 'exchange';
  max_transfers: number | null;
  max_tickets_per_account: number | null;
  window_seconds: number;
  pack_version: number;
  created_at: string;
  updated_at: string;
  /** When the sale opens; before it orders are refused (and a waiting room, if on, takes its queue). */
  on_sale_at?: string | null;
  /** What the event is, in the organizer's words (shown on the sales page). */
  description?: string;
  /** VAT included in the prices, in hundredths of a percent (900 = 9 %); null: no VAT line on receipts. */
  vat_basis_points?: number | null;
}

export interface EventImagesTable { event_id: string; content_type: string; data: string; updated_at: string }

export interface TicketTypesTable {
  id: string;
  event_id: string;
  name: string;
  price_cents: number;
  currency: string;
  capacity: number;
  /** Held by pending orders plus sold: the one number a hold changes atomically. */
  taken: number;
  created_at: string;
  /** `admission` admits to the event; an `addon` (parking, a locker) is sold beside it. */
  kind: ProductKind;
  /** For an add-on: only an account holding (or buying in the same order) an admission ticket may buy it. */
  requires_admission: number;
  /** Set when the organizer stopped selling it: nothing more is sold, what was sold stays valid. */
  sales_stopped_at: string | null;
}

export type ProductKind = 'admission' | 'addon';

export interface AccountsTable { id: string; created_at: string }

export interface HolderKeysTable {
  thumbprint: string;
  account_id: string;
  jwk: string;
  active: number;
  created_at: string;
}

/** A wallet's key for one organizer's tickets (PROTOCOL.md section 1): what that organizer's credentials bind. */
export interface PresentationKeysTable {
  account_id: string;
  organizer_id: string;
  thumbprint: string;
  jwk: string;
  created_at: string;
}

export interface DpopJtisTable { jti: string; expires_at: string }

export interface OrdersTable {
  id: string;
  account_id: string;
  event_id: string;
  status: 'pending' | 'paid' | 'failed' | 'expired' | 'refunded' | 'needs_attention';
  total_cents: number;
  currency: string;
  provider: string;
  created_at: string;
  expires_at: string;
  settled_at: string | null;
  /** Set when the order buys a ticket listed on the exchange rather than new capacity. */
  resale_listing_id: string | null;
}

/** What the payment provider said about an order, beside the order's own columns. */
export interface OrderPaymentColumns {
  /** The provider's payment: a Mollie `tr_...`, a Stripe Checkout Session `cs_...`. */
  payment_reference: string | null;
  checkout_url: string | null;
  payment_status: PaymentStatus | null;
  payment_checked_at: string | null;
  /** Why the order ended as it did where the status does not say: `late_payment`, `amount_mismatch`, ... */
  status_reason: string | null;
  /** For an order kept aside: the amount and currency the provider reported paid. */
  reported_amount_cents: number | null;
  reported_currency: string | null;
}

/** An order as read (with its payment columns) or as just placed (before the provider was asked). */
export type OrderWithPayment = OrdersTable & Partial<OrderPaymentColumns>;

/** The provider's word on a payment, the same for every provider. Only `open` may still change. */
export type PaymentStatus = 'open' | 'paid' | 'failed' | 'canceled' | 'expired';

export interface OrderItemsTable {
  order_id: string;
  ticket_type_id: string;
  quantity: number;
  unit_price_cents: number;
}

export interface TicketsTable {
  id: string;
  event_id: string;
  ticket_type_id: string;
  order_id: string;
  account_id: string;
  state: 'valid' | 'checked_in' | 'revoked';
  seq: number;
  claimable: number;
  /** base64url of the 126-byte credential for the current binding. */
  credential: string | null;
  pack_version: number;
  created_at: string;
  updated_at: string;
  /** Short reference for the help desk, e.g. K7PQ-2MXD; printed on the wallet's ticket screen. */
  ref?: string | null;
  /** What the holder list shows for the ticket; a new one with every new holder (claim, resale, recovery, erasure). */
  holder_handle?: string | null;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number;
  body: string;
  created_at: string;
}

export interface IssuerKeysTable {
  kid: string;
  event_id: string;
  public_key: string;
  /** The Ed25519 private key, AES-256-GCM sealed under a key derived from TG_SECRET. */
  private_key_sealed: string;
  active: number;
  created_at: string;
}

export interface GateDevicesTable {
  id: string;
  event_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
  /** The list it scans for; null: the event's default lists (tickets, or vouchers at a bar). */
  check_in_list_id: string | null;
}

/**
 * Where a gate admits what: "Entrance" (every admission type), "VIP area" (the VIP type), "Car park
 * P1" (the parking add-on), "Bar" (vouchers). Every event has a default ticket and voucher list.
 */
export interface CheckInListsTable {
  id: string;
  event_id: string;
  name: string;
  mode: 'ticket' | 'voucher';
  /** JSON array of ticket type ids (campaign ids in voucher mode); null: every admission type (every campaign). */
  type_ids: string | null;
  allow_reentry: number;
  is_default: number;
  created_at: string;
  /** Set when deleted: its check-ins and scans stay for the record. */
  deleted_at: string | null;
}

/** A ticket that got in on a list: its first entry, and its last movement (in or out). */
/** An event's on-sale waiting room; see migration 0017. */
export interface WaitingRoomsTable {
  event_id: string;
  enabled: number;
  /** Visitors admitted per minute; null: paced by how fast admitted visitors complete their orders. */
  admit_per_minute: number | null;
  paused: number;
  /** Places handed out so far: the draw numbers the early comers, each tick the arrivals since. */
  placed: number;
  /** The draw at the opening: a 32-byte hex seed, so that an audit can replay the order. */
  draw_seed: string | null;
  drawn_at: string | null;
  early_count: number;
  /** Every place up to this one has been admitted. */
  admitted_through: number;
  admitted: number;
  last_admitted_at: string | null;
  sold_out_at: string | null;
  updated_at: string;
}

/** One account's place in a room: one per account and event. */
export interface QueueEntriesTable {
  event_id: string;
  account_id: string;
  /** Null until the draw (an early comer) or the next tick (a later arrival) numbers it. */
  position: number | null;
  joined_at: string;
  admitted_at: string | null;
  order_id: string | null;
}

export interface QueueTicksTable {
  event_id: string;
  at: string;
  admitted: number;
  completed: number;
  waiting: number;
}

export interface CheckInsTable {
  check_in_list_id: string;
  ticket_id: string;
  event_id: string;
  scanned_at: string;
  gate: string;
  gate_device_id: string;
  scan_id: string;
  /** 1 while inside: entered and not left through an exit scan since. */
  inside: number;
  moved_at: string;
  moved_gate: string;
}

export interface ScansTable {
  gate_device_id: string;
  scan_id: string;
  event_id: string;
  subject_id: string | null;
  raw: string;
  gate: string;
  verdict: 'accepted' | 'rejected';
  reason: string | null;
  first_scanned_at: string | null;
  first_gate: string | null;
  scanned_at: string;
  received_at: string;
  /** What the scanner decided offline; `accepted` + server `already_used` = a duplicate entry. */
  local_verdict: 'accepted' | 'rejected' | null;
  check_in_list_id: string | null;
  direction: 'in' | 'out';
  /**
   * 1: two devices dispute the ticket's first entry: this scan reached the server after another
   * device's check-in but claims an earlier time (and, as PROTOCOL.md section 6 says, took it over),
   * or it is the check-in so taken over. The organizer sees both.
   */
  conflict: number;
}

export interface ClaimLinksTable {
  token_hash: string;
  ticket_id: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  claimed_at: string | null;
  claimed_by: string | null;
  revoked_at: string | null;
}

export interface TransfersTable {
  id: string;
  ticket_id: string;
  event_id: string;
  from_account_id: string | null;
  to_account_id: string | null;
  reason: 'claim' | 'exchange' | 'recovery';
  /** The ticket's seq after the move. */
  seq: number;
  created_at: string;
}

export interface RefundsTable {
  id: string;
  order_id: string;
  ticket_id: string | null;
  amount_cents: number;
  currency: string;
  provider: string;
  reason: string;
  created_at: string;
  status: 'pending' | 'refunded' | 'failed';
  /** The provider's refund (Mollie `re_...`, Stripe `re_...`) once it accepted it. */
  provider_reference: string | null;
  /** The provider's last error, kept for the organizer to read. */
  error: string | null;
  /** Calls made to the provider for this refund; each job attempt is one. */
  attempts: number;
  updated_at: string | null;
}

export interface PaymentSettingsTable {
  organizer_id: string;
  provider: 'sandbox' | 'mollie' | 'stripe';
  /** JSON of the organizer's own keys, sealed under TG_SECRET; null: the instance's keys for that provider. */
  credentials_sealed: string | null;
  /** The last 4 characters of the organizer's API key: enough to tell keys apart, useless to anyone else. */
  key_hint: string | null;
  updated_at: string;
}

export interface RateLimitsTable { key: string; window_start: string; hits: number }

export interface ResaleListingsTable {
  id: string;
  ticket_id: string;
  event_id: string;
  ticket_type_id: string;
  seller_account_id: string;
  /** Always the ticket type's face value: the exchange has no other price. */
  price_cents: number;
  currency: string;
  status: 'listed' | 'offered' | 'sold' | 'withdrawn' | 'cancelled';
  offer_order_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface WaitlistEntriesTable {
  id: string;
  event_id: string;
  ticket_type_id: string;
  account_id: string;
  status: 'waiting' | 'offered' | 'fulfilled' | 'expired' | 'left';
  created_at: string;
  updated_at: string;
}

export interface ConsentsTable {
  id: string;
  account_id: string;
  organizer_id: string;
  purpose: string;
  granted: number;
  text_version: string;
  source: 'wallet' | 'answer';
  created_at: string;
}

export interface ProfileQuestionsTable {
  id: string;
  organizer_id: string;
  key: string;
  text_nl: string;
  text_en: string;
  purpose: string;
  moment: 'after_purchase' | 'after_checkin' | 'after_event';
  reward_campaign_id: string | null;
  created_at: string;
  answer_type?: 'text' | 'single' | 'multiple';
  /** JSON `[{ value, label: { nl, en } }]` for single and multiple choice. */
  options?: string | null;
}

export interface ProfileAnswersTable {
  question_id: string;
  account_id: string;
  organizer_id: string;
  answer: string;
  created_at: string;
  updated_at: string;
}

export interface DeclinedQuestionsTable { question_id: string; account_id: string; created_at: string }

export interface AuditLogTable {
  id: string;
  organizer_id: string;
  staff_user_id: string;
  action: string;
  subject: string;
  detail: string;
  created_at: string;
}

/**
 * A job of the queue. Pending while `done_at` is null and `attempts < max_attempts`; `done_at` is
 * set only when it succeeded. A job that failed `max_attempts` times stays unfinished and is never
 * taken again; `last_error` says why. `locked_by`/`locked_until` name the process running it; a
 * lock past its time (the process died) lets another process take the job.
 */
export interface JobsTable {
  id: string;
  kind: string;
  /** JSON. */
  payload: string;
  run_at: string;
  /** Counted when taken, so a job that crashes its process also uses up its attempts. */
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  done_at: string | null;
  created_at: string;
}

/** Who a message is for, among the holders of live tickets of its event, or of `heldEventIds`. */
export interface MessageAudience {
  /** A segment across the organizer's events: holders of live or used tickets of any of these. */
  heldEventIds?: string[];
  /** Only holders of tickets of these types. */
  ticketTypeIds?: string[];
  /** true: only tickets already checked in; false: only tickets not yet checked in. */
  checkedIn?: boolean;
}

export interface MessagesTable {
  id: string;
  organizer_id: string;
  /** Null for a message to a segment across the organizer's events (its audience names them). */
  event_id: string | null;
  title: string;
  body: string;
  /** MessageTranslations as JSON: `{nl?: {title, body}, en?: {title, body}}`. */
  translations: string;
  /** MessageAudience as JSON; `{}` is every holder of the event. */
  audience: string;
  /** now: sent when created; at: at `send_at`; before_start: `minutes` before the start; checkin: to each holder as they get in. */
  trigger: 'now' | 'at' | 'before_start' | 'checkin';
  send_at: string | null;
  minutes: number | null;
  /** scheduled -> sent | cancelled. A check-in message stays scheduled (armed) while it delivers. */
  status: 'scheduled' | 'sent' | 'cancelled';
  marketing: number;
  /** Inboxes reached so far. */
  recipients: number;
  /** The queue job that sends it (at, before_start), so a moved event start can move the job. */
  job_id: string | null;
  /** Every recipient also gets a voucher of this campaign. */
  voucher_campaign_id: string | null;
  created_at: string;
  sent_at: string | null;
  /** Web Push notifications a push service accepted, and those it refused for good. */
  push_sent: number;
  push_failed: number;
}

export interface InboxTable {
  message_id: string;
  account_id: string;
  delivered_at: string;
  read_at: string | null;
}

export interface VoucherCampaignsTable {
  id: string;
  event_id: string;
  organizer_id: string;
  name: string;
  description: string;
  /** How many times one holder's voucher may be redeemed (e.g. 2 drinks). */
  per_holder: number;
  valid_until: string | null;
  issue_on_checkin: number;
  created_at: string;
}

export interface VouchersTable {
  id: string;
  campaign_id: string;
  event_id: string;
  account_id: string;
  seq: number;
  /** `checked_in` once every use is redeemed, as the gate pack shows it. */
  state: 'valid' | 'checked_in' | 'revoked';
  uses: number;
  credential: string;
  source: 'checkin' | 'reward' | 'message';
  pack_version: number;
  created_at: string;
  updated_at: string;
}

export interface VoucherRedemptionsTable {
  voucher_id: string;
  gate_device_id: string;
  scan_id: string;
  scanned_at: string;
  gate: string;
}

export interface InstanceKeysTable { name: string; public_key: string; private_key_sealed: string; created_at: string }

export interface PushSubscriptionsTable {
  id: string;
  account_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  created_at: string;
  last_success_at: string | null;
}

export type WebhookEventType = 'order.paid' | 'order.refunded' | 'ticket.transferred' | 'ticket.checked_in';

export interface WebhooksTable {
  id: string;
  organizer_id: string;
  url: string;
  /** WebhookEventType[] as JSON. */
  events: string;
  secret_sealed: string;
  created_at: string;
  deleted_at: string | null;
}

/** pending -> delivered | failed; `next_attempt_at` is set while a retry is queued. */
export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  event_type: WebhookEventType;
  body: string;
  status: 'pending' | 'delivered' | 'failed';
  http_status: number | null;
  attempts: number;
  last_error: string | null;
  created_at: string;
  last_attempt_at: string | null;
  next_attempt_at: string | null;
}

/** A WebAuthn credential that backs an account up; `id` is the credential id, base64url. */
export interface PasskeysTable {
  id: string;
  account_id: string;
  /** COSE public key, base64url. */
  public_key: string;
  counter: number;
  /** JSON array of the authenticator's transports. */
  transports: string;
  created_at: string;
  last_used_at: string | null;
}

/** A challenge of one registration or recovery ceremony: used once, before `expires_at`. */
export interface WebauthnChallengesTable {
  challenge: string;
  purpose: 'registration' | 'recovery';
  account_id: string | null;
  expires_at: string;
  used_at: string | null;
}

export interface Database {
  organizers: OrganizersTable;
  staff_users: StaffUsersTable;
  staff_sessions: StaffSessionsTable;
  events: EventsTable;
  ticket_types: TicketTypesTable;
  accounts: AccountsTable;
  holder_keys: HolderKeysTable;
  dpop_jtis: DpopJtisTable;
  orders: OrdersTable & OrderPaymentColumns;
  order_items: OrderItemsTable;
  tickets: TicketsTable;
  idempotency_keys: IdempotencyKeysTable;
  issuer_keys: IssuerKeysTable;
  gate_devices: GateDevicesTable;
  check_in_lists: CheckInListsTable;
  waiting_rooms: WaitingRoomsTable;
  event_images: EventImagesTable;
  presentation_keys: PresentationKeysTable;
  queue_entries: QueueEntriesTable;
  queue_ticks: QueueTicksTable;
  check_ins: CheckInsTable;
  scans: ScansTable;
  claim_links: ClaimLinksTable;
  transfers: TransfersTable;
  refunds: RefundsTable;
  payment_settings: PaymentSettingsTable;
  rate_limits: RateLimitsTable;
  resale_listings: ResaleListingsTable;
  waitlist_entries: WaitlistEntriesTable;
  consents: ConsentsTable;
  profile_questions: ProfileQuestionsTable;
  profile_answers: ProfileAnswersTable;
  declined_questions: DeclinedQuestionsTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
  messages: MessagesTable;
  inbox: InboxTable;
  voucher_campaigns: VoucherCampaignsTable;
  vouchers: VouchersTable;
  voucher_redemptions: VoucherRedemptionsTable;
  instance_keys: InstanceKeysTable;
  push_subscriptions: PushSubscriptionsTable;
  staff_invites: StaffInvitesTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  passkeys: PasskeysTable;
  webauthn_challenges: WebauthnChallengesTable;
}
