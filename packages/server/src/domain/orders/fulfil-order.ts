import { randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import type { OrdersTable, TicketsTable } from '../../storage/schema.ts';
import type { Repositories } from '../../storage/store.ts';
import { credentialSigner } from '../credentials/issue-credential.ts';
import { completeResale } from '../exchange/settle-resale.ts';
import { holderRef } from '../privacy/holder-ref.ts';
import { ticketRef } from '../tickets/ticket-ref.ts';
import { queueWebhooks } from '../webhooks/queue-webhooks.ts';

/**
 * What a paid order gets, in the caller's transaction, once the order has been moved to `paid` (a
 * conditional update that only one report wins): new tickets, all bound to the buyer's phone with a
 * signed credential and `claimable`, so the buyer can hand each one on; for an exchange offer, the
 * listed ticket moves to the buyer and the seller's refund is queued. Then the `order.paid` webhook.
 */
export async function fulfilOrder(ctx: Context, repos: Repositories, order: OrdersTable, now: string) {
  if (order.resale_listing_id) await completeResale(ctx, repos, order, now);
  else await issueTickets(ctx, repos, order, now);
  await queueOrderPaid(ctx, repos, order, now);
}

async function issueTickets(ctx: Context, repos: Repositories, order: OrdersTable, now: string) {
  const event = (await repos.events.find(order.event_id))!;
  const holderJwk = await repos.accounts.holderJwkFor(order.account_id, event.organizer_id);
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
        credential: await credentialFor({ type: 'ticket', id, seq: 1, holderJwk }),
        pack_version: packVersion,
        created_at: now,
        updated_at: now,
        ref: ticketRef(id),
        holder_handle: randomUUID(),
      });
    }
  }
  await repos.orders.insertTickets(tickets);
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
      tickets: tickets.map((t) => ({ ticketId: t.id, ticketTypeId: t.ticket_type_id, kind: t.kind })),
    },
  ], now);
}
