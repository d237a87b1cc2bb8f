import { randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import type { OrdersTable, TicketsTable } from '../../storage/schema.ts';
import type { Repositories } from '../../storage/store.ts';
import { credentialSigner } from '../credentials/issue-credential.ts';
import { DomainError, notFound } from '../errors.ts';
import { completeResale } from '../exchange/settle-resale.ts';
import { holderRef } from '../privacy/holder-ref.ts';
import { queueWebhooks } from '../webhooks/queue-webhooks.ts';
import { releaseOrder } from './release-order.ts';
import { orderView } from './order-view.ts';

export type PaymentOutcome = 'paid' | 'failed';

/**
 * Applies the payment provider's outcome to a pending order. Paid: the held seats become tickets,
 * all bound to the buyer's phone with a signed credential and `claimable`, so the buyer can hand
 * each one on; for an exchange offer, the listed ticket moves to the buyer instead. Failed: the seats go back. A repeated report of the same outcome changes nothing; a
 * payment that arrives after the hold expired is refused, because those seats may be someone else's.
 */
export async function settleOrder(ctx: Context, orderId: string, outcome: PaymentOutcome) {
  const now = ctx.clock().toISOString();
  const refundDue = await ctx.store.transaction(async (repos) => {
    const order = await repos.orders.find(orderId);
    if (!order) throw notFound('order');
    if (order.status === outcome) return undefined;
    if (order.status === 'pending' && order.expires_at <= now) {
      await releaseOrder(ctx, repos, orderId, 'expired', now);
      return undefined;
    }
    if (order.status !== 'pending') throw new DomainError('invalid_state', `the order is already ${order.status}`);
    if (outcome === 'failed') {
      await releaseOrder(ctx, repos, orderId, 'failed', now);
      return undefined;
    }
    // Two reports of the same payment can race: the conditional update lets exactly one through,
    // and the other finds the order already settled instead of issuing its tickets a second time.
    if (!(await repos.orders.settle(orderId, 'paid', now))) {
      const settled = (await repos.orders.find(orderId))!;
      if (settled.status === 'paid') return undefined;
      throw new DomainError('invalid_state', `the order is already ${settled.status}`);
    }
    const refund = order.resale_listing_id ? await completeResale(ctx, repos, order, now) : await issueTickets(ctx, repos, order, now);
    await queueOrderPaid(ctx, repos, order, now);
    return refund;
  });
  // The seller's money moves after the commit: a provider call must never hold database locks.
  if (refundDue) await ctx.payments.refund(refundDue);
  const view = await orderView(ctx, orderId);
  if (view.order.status === 'expired') throw new DomainError('invalid_state', 'the order expired before it was paid; its tickets were released');
  return view;
}

async function issueTickets(ctx: Context, repos: Repositories, order: OrdersTable, now: string) {
  const event = (await repos.events.find(order.event_id))!;
  const holder = await repos.accounts.activeKeyOfAccount(order.account_id);
  const credentialFor = await credentialSigner(repos, ctx.settings.secret, event, now);
  const packVersion = await repos.events.nextPackVersion(event.id);
  const tickets: TicketsTable[] = [];
  for (const item of await repos.orders.items(order.id)) {
    for (let i = 0; i < item.quantity; i += 1) {
      const id = randomUUID();
      tickets.push({
        id,
        event_id: order.event_id,
        ticket_type_id: item.ticket_type_id,
        order_id: order.id,
        account_id: order.account_id,
        state: 'valid',
        seq: 1,
        claimable: 1,
        credential: await credentialFor({ type: 'ticket', id, seq: 1, holderJwk: holder.jwk }),
        pack_version: packVersion,
        created_at: now,
        updated_at: now,
      });
    }
  }
  await repos.orders.insertTickets(tickets);
  return undefined;
}

/** The organizer's `order.paid` webhooks, queued with the payment itself; the buyer only as a pseudonym. */
async function queueOrderPaid(ctx: Context, repos: Repositories, order: OrdersTable, now: string) {
  const event = (await repos.events.find(order.event_id))!;
  const tickets = await repos.orders.ticketsOfOrder(order.id);
  await queueWebhooks(repos, event.organizer_id, 'order.paid', [
    {
      eventId: order.event_id,
      orderId: order.id,
      holderRef: holderRef(ctx.settings.secret, event.organizer_id, order.account_id),
      totalCents: order.total_cents,
      currency: order.currency,
      resale: order.resale_listing_id !== null,
      tickets: tickets.map((t) => ({ ticketId: t.id, ticketTypeId: t.ticket_type_id })),
    },
  ], now);
}
