import { randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import type { RefundsTable } from '../../storage/schema.ts';
import type { Repositories } from '../../storage/store.ts';
import { addSeconds } from '../clock.ts';
import { DomainError, notFound } from '../errors.ts';
import { holderRef } from '../privacy/holder-ref.ts';
import { queueWebhooks } from '../webhooks/queue-webhooks.ts';
import { enqueue, type JobPayloads } from '../../jobs/queue.ts';
import { isProviderError } from './provider.ts';

/**
 * Seconds before attempt 2, 3, ... of a refund: a provider that refuses or cannot be reached is
 * asked five more times over about 2.6 hours, then the refund is `failed` with its last error. A
 * refund the provider accepted but has not paid out yet is asked again on the same steps, then every
 * 6 hours, and never marked failed: its money may still move.
 */
export const refundRetryDelays = [10, 60, 300, 1800, 7200];
export const refundMaxAttempts = refundRetryDelays.length + 1;
const pendingCheckSeconds = 6 * 3600;

export interface RefundRequest {
  orderId: string;
  ticketId: string | null;
  amountCents: number;
  currency: string;
  reason: string;
}

/**
 * Records a refund and queues it for the provider, in the caller's transaction: it exists exactly
 * when what causes it (a revocation, a cancellation, a resale, a late payment) commits, and is sent
 * after the commit, so a provider call never holds database locks and a crash loses nothing. An
 * order never gets back more than was paid for it: 35.00 paid, 35.00 refunded, one more refund of
 * 0.01 is refused.
 */
export async function queueRefund(repos: Repositories, request: RefundRequest, now: string) {
  const order = await repos.orders.find(request.orderId);
  if (!order) throw notFound('order');
  const paid = order.reported_amount_cents ?? order.total_cents;
  const committed = await repos.refunds.committedCents(order.id);
  if (request.amountCents <= 0 || committed + request.amountCents > paid) {
    throw new DomainError(
      'refund_exceeds_payment',
      `a refund of ${request.amountCents} would pay back more than was paid for order ${order.id}: ${paid} paid, ${committed} refunded or on its way`,
    );
  }
  const row: RefundsTable = {
    id: randomUUID(),
    order_id: order.id,
    ticket_id: request.ticketId,
    amount_cents: request.amountCents,
    currency: request.currency,
    provider: order.provider,
    reason: request.reason,
    created_at: now,
    status: 'pending',
    provider_reference: null,
    error: null,
    attempts: 0,
    updated_at: now,
  };
  await repos.refunds.insert(row);
  await enqueue(repos, 'refund.send', { refundId: row.id, attempt: 1 }, now, now);
  return row;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500);

/**
 * One attempt at a refund: the first asks the provider to pay it (our refund id is the idempotency
 * key, so a retry after a lost answer finds the refund already made instead of paying twice); later
 * ones ask how it stands. A job run twice for one attempt records it once (the attempt counter).
 */
export async function sendRefund(ctx: Context, { refundId, attempt }: JobPayloads['refund.send']) {
  const repos = ctx.store.repos;
  const refund = await repos.refunds.find(refundId);
  if (!refund || refund.status !== 'pending' || refund.attempts !== attempt - 1) return;
  const order = (await repos.orders.find(refund.order_id))!;
  let status: RefundsTable['status'] = 'pending';
  let reference = refund.provider_reference;
  let error: string | null = null;
  try {
    const provider = await ctx.payments.forOrder(repos, order);
    const report = reference
      ? await provider.getRefund(order.payment_reference ?? '', reference)
      : await provider.refund({
          paymentReference: order.payment_reference ?? '',
          refundId: refund.id,
          amountCents: refund.amount_cents,
          currency: refund.currency,
          description: `Refund: ${refund.reason}`,
        });
    ({ status, reference } = report);
    if (status === 'failed') error = 'the payment provider reports that the refund failed';
  } catch (e) {
    if (!isProviderError(e)) throw e;
    error = message(e);
    if (!reference && attempt >= refundMaxAttempts) status = 'failed';
  }
  const now = ctx.clock();
  await ctx.store.transaction(async (trx) => {
    const recorded = await trx.refunds.recordAttempt(refundId, attempt, { status, error, provider_reference: reference, updated_at: now.toISOString() });
    if (!recorded) return;
    if (status === 'refunded') await queueOrderRefunded(ctx, trx, { ...refund, provider_reference: reference }, now.toISOString());
    if (status === 'pending') {
      const delay = refundRetryDelays[attempt - 1] ?? pendingCheckSeconds;
      await enqueue(trx, 'refund.send', { refundId, attempt: attempt + 1 }, addSeconds(now, delay).toISOString(), now.toISOString());
    }
  });
}

/** Asks again now about every refund of the order the provider has not paid out, e.g. after its webhook. */
export async function recheckRefunds(ctx: Context, orderId: string) {
  const pending = await ctx.store.repos.refunds.pendingOfOrder(orderId);
  if (pending.length === 0) return;
  const now = ctx.clock().toISOString();
  await ctx.store.transaction(async (repos) => {
    for (const refund of pending) await enqueue(repos, 'refund.send', { refundId: refund.id, attempt: refund.attempts + 1 }, now, now);
  });
}

async function queueOrderRefunded(ctx: Context, repos: Repositories, refund: RefundsTable, now: string) {
  const order = (await repos.orders.find(refund.order_id))!;
  const event = (await repos.events.find(order.event_id))!;
  await queueWebhooks(repos, event.organizer_id, 'order.refunded', [
    {
      eventId: order.event_id,
      orderId: order.id,
      refundId: refund.id,
      ticketId: refund.ticket_id,
      holderRef: holderRef(ctx.settings.secret, event.organizer_id, order.account_id),
      amountCents: refund.amount_cents,
      currency: refund.currency,
      reason: refund.reason,
      providerReference: refund.provider_reference,
    },
  ], now);
}
