import { Type } from '@sinclair/typebox';
import type { OrderPaymentColumns, OrdersTable, RefundsTable } from '../../storage/schema.ts';
import { DateTime, Nullable, Uuid } from '../schemas.ts';

export const Refund = Type.Object({
  id: Uuid,
  orderId: Uuid,
  ticketId: Type.Optional(Uuid),
  amountCents: Type.Integer(),
  currency: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('refunded'), Type.Literal('failed')]),
  reason: Type.String({ description: 'why: the revocation reason, event cancelled, resold on the exchange, late_payment, ...' }),
  provider: Type.String(),
  providerReference: Type.Optional(Type.String({ description: "the provider's refund id, once it accepted the refund" })),
  error: Type.Optional(Type.String({ description: "the provider's last error; final when the status is failed" })),
  attempts: Type.Integer({ description: 'calls made to the provider for this refund' }),
  createdAt: DateTime,
  updatedAt: Nullable(DateTime),
});

export const presentRefund = (r: RefundsTable) => ({
  id: r.id,
  orderId: r.order_id,
  ...(r.ticket_id ? { ticketId: r.ticket_id } : {}),
  amountCents: r.amount_cents,
  currency: r.currency,
  status: r.status,
  reason: r.reason,
  provider: r.provider,
  ...(r.provider_reference ? { providerReference: r.provider_reference } : {}),
  ...(r.error ? { error: r.error } : {}),
  attempts: r.attempts,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const OrderNeedingAttention = Type.Object({
  id: Uuid,
  holderRef: Type.String({ description: "the buyer's pseudonym at this organizer" }),
  totalCents: Type.Integer({ description: 'what the order asked' }),
  currency: Type.String(),
  reportedAmountCents: Type.Integer({ description: 'what the provider reported paid' }),
  reportedCurrency: Type.String(),
  reason: Type.String(),
  provider: Type.String(),
  paymentReference: Nullable(Type.String({ description: "the provider's payment id, to look it up in the provider's dashboard" })),
  createdAt: DateTime,
  reportedAt: Nullable(DateTime),
});

export const presentAttention = (o: OrdersTable & OrderPaymentColumns & { holderRef: string }) => ({
  id: o.id,
  holderRef: o.holderRef,
  totalCents: o.total_cents,
  currency: o.currency,
  reportedAmountCents: o.reported_amount_cents ?? 0,
  reportedCurrency: o.reported_currency ?? o.currency,
  reason: o.status_reason ?? 'amount_mismatch',
  provider: o.provider,
  paymentReference: o.payment_reference,
  createdAt: o.created_at,
  reportedAt: o.settled_at,
});
