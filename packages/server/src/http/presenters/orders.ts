import { Type } from '@sinclair/typebox';
import type { OrderView } from '../../domain/orders/order-view.ts';
import { orderTransitions } from '../../domain/orders/order-rules.ts';
import type { ProductKind, TicketsTable } from '../../storage/schema.ts';
import { DateTime, Nullable, Uuid } from '../schemas.ts';
import { ticketRef } from '../../domain/tickets/ticket-ref.ts';

export const Ticket = Type.Object({
  id: Uuid,
  ref: Type.String({ description: 'a short reference the help desk asks for: "K7PQ2-MXD9A"' }),
  eventId: Uuid,
  ticketTypeId: Uuid,
  kind: Type.Union([Type.Literal('admission'), Type.Literal('addon')], { description: 'an admission ticket, or an add-on (parking, a locker) with a QR of its own' }),
  state: Type.Union([Type.Literal('valid'), Type.Literal('checked_in'), Type.Literal('revoked')], { description: 'checked_in: got in at a gate at least once' }),
  seq: Type.Integer({ description: 'binding version: 1 at first issue, +1 on every rebinding' }),
  claimable: Type.Boolean({ description: 'the holder may hand this ticket on with a claim link' }),
  credential: Nullable(Type.String({ description: 'base64url of the 126-byte credential (PROTOCOL.md section 2)' })),
});

export const Order = Type.Object({
  id: Uuid,
  eventId: Uuid,
  status: Type.Union(
    Object.keys(orderTransitions).map((status) => Type.Literal(status)),
    { description: 'refunded: paid after the hold ran out with no seat left, and paid back; needs_attention: paid with other figures than the order, kept aside for the organizer' },
  ),
  statusReason: Type.Optional(Type.String({ description: 'why it ended so where the status does not say: late_payment, amount_mismatch, payment_provider_unavailable, sales_closed' })),
  totalCents: Type.Integer(),
  currency: Type.String(),
  createdAt: DateTime,
  expiresAt: DateTime,
  resale: Type.Boolean({ description: 'buys a ticket listed on the exchange' }),
  items: Type.Array(Type.Object({
    ticketTypeId: Uuid,
    quantity: Type.Integer(),
    unitPriceCents: Type.Integer(),
    name: Type.Optional(Type.String({ description: "the product's name (a receipt line)" })),
    kind: Type.Optional(Type.Union([Type.Literal('admission'), Type.Literal('addon')])),
  })),
  tickets: Type.Array(Ticket),
  eventName: Type.Optional(Type.String()),
  paidAt: Type.Optional(Nullable(DateTime, { description: 'when the payment settled the order' })),
  vat: Type.Optional(Nullable(
    Type.Object({ basisPoints: Type.Integer({ description: '900: 9 %' }), cents: Type.Integer({ description: 'the VAT included in totalCents' }) }),
    { description: "the VAT included in the total, at the event's rate; null when the event has no VAT rate" },
  )),
});

export const OrderResponse = Type.Object({
  order: Order,
  payment: Type.Object({
    provider: Type.String(),
    checkoutUrl: Nullable(Type.String({ description: 'where the buyer pays, while pending' })),
    status: Nullable(Type.String({ description: "the provider's word on the payment: open, paid, failed, canceled or expired" })),
  }),
});

export const presentTicket = (t: TicketsTable & { kind: ProductKind }) => ({
  id: t.id,
  ref: ticketRef(t.id),
  eventId: t.event_id,
  ticketTypeId: t.ticket_type_id,
  kind: t.kind,
  state: t.state,
  seq: t.seq,
  claimable: t.claimable === 1,
  credential: t.credential,
});

/** The VAT included in a price at a rate in hundredths of a percent: 1090 cents at 900 holds 90. */
export const includedVat = (cents: number, basisPoints: number) => Math.round((cents * basisPoints) / (10_000 + basisPoints));

function presentReceipt(view: OrderView) {
  const { order, receipt } = view;
  if (!receipt) return {};
  return {
    eventName: receipt.eventName,
    paidAt: order.status === 'paid' ? order.settled_at : null,
    vat: receipt.vatBasisPoints === null ? null : { basisPoints: receipt.vatBasisPoints, cents: includedVat(order.total_cents, receipt.vatBasisPoints) },
  };
}

export function presentOrder(view: OrderView) {
  const { order, items, tickets, payment, receipt } = view;
  return {
    order: {
      id: order.id,
      eventId: order.event_id,
      status: order.status,
      ...(order.status_reason ? { statusReason: order.status_reason } : {}),
      totalCents: order.total_cents,
      currency: order.currency,
      createdAt: order.created_at,
      expiresAt: order.expires_at,
      resale: order.resale_listing_id !== null,
      items: items.map((i) => ({ ticketTypeId: i.ticket_type_id, quantity: i.quantity, unitPriceCents: i.unit_price_cents, ...receipt?.products.get(i.ticket_type_id) })),
      tickets: tickets.map(presentTicket),
      ...presentReceipt(view),
    },
    payment,
  };
}
