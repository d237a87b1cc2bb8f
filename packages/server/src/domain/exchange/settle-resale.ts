import type { Context } from '../context.ts';
import type { OrdersTable } from '../../storage/schema.ts';
import type { Repositories } from '../../storage/store.ts';
import { DomainError } from '../errors.ts';
import { moveOrder } from '../orders/order-rules.ts';
import { queueRefund } from '../payments/refunds.ts';
import { rebindTicket } from '../transfers/rebind-ticket.ts';
import { matchOffers } from './match-offers.ts';

/** The refund that pays an exchange seller: the face value passes on, the organizer's revenue stays. */
export const resaleRefundReason = 'resold on the exchange';

/**
 * The buyer paid for an offered listing: the ticket moves to the buyer's phone and the face value
 * goes back to whoever paid for the ticket last (the seller's purchase, refunded through the payment
 * provider it was paid with: the platform holds no bank details, so a refund is the only way to pay
 * a seller). The refund is queued in this transaction and sent by the job queue.
 * Only the offer the listing currently stands at can complete it, so of two buyers paying for the
 * same listing exactly one gets the ticket.
 */
export async function completeResale(ctx: Context, repos: Repositories, order: OrdersTable, now: string) {
  const listing = (await repos.exchange.findListing(order.resale_listing_id!))!;
  if (!(await repos.exchange.setListing(listing.id, 'offered', 'sold', now, { expected: order.id }))) {
    throw new DomainError('invalid_state', 'this ticket is no longer offered to you');
  }
  const ticket = (await repos.transfers.findTicket(listing.ticket_id))!;
  const event = (await repos.events.find(listing.event_id))!;
  await rebindTicket(repos, ctx.settings.secret, event, ticket, { accountId: order.account_id, reason: 'exchange' }, now);
  await repos.exchange.setTicketOrder(ticket.id, order.id);
  const entry = await repos.exchange.entryOfOffer(listing.ticket_type_id, order.account_id);
  if (entry) await repos.exchange.setEntry(entry.id, ['offered'], 'fulfilled', now);
  await queueRefund(repos, { orderId: ticket.order_id, ticketId: ticket.id, amountCents: listing.price_cents, currency: listing.currency, reason: resaleRefundReason }, now);
}

/**
 * A revoked ticket leaves the exchange. A buyer it was offered to loses that offer (their order
 * fails) but keeps their place in line for the next listing.
 */
export async function withdrawFromExchange(ctx: Context, repos: Repositories, ticketId: string, now: string) {
  const listing = await repos.exchange.openListingOf(ticketId);
  if (!listing) return;
  await repos.exchange.setListing(listing.id, listing.status, 'cancelled', now);
  if (listing.status !== 'offered' || !listing.offer_order_id) return;
  const order = (await repos.orders.find(listing.offer_order_id))!;
  await moveOrder(repos, order.id, ['pending'], 'failed', now);
  const entry = await repos.exchange.entryOfOffer(listing.ticket_type_id, order.account_id);
  if (entry) await repos.exchange.setEntry(entry.id, ['offered'], 'waiting', now);
  await matchOffers(ctx, repos, listing.ticket_type_id, new Date(now));
}

/**
 * A listing ends when its ticket can no longer change hands: used at a gate, revoked, or its event
 * cancelled or over. In the caller's transaction; an offer made of it fails.
 */
export async function endListings(ctx: Context, repos: Repositories, of: { eventId: string } | { endedBy: string } | { ticketIds: string[] }, now: string) {
  for (const ticketId of await repos.exchange.openListedTickets(of)) await withdrawFromExchange(ctx, repos, ticketId, now);
}

/** An offer ended unpaid: the listing goes back on the exchange and the next in line gets it. */
export async function releaseResaleOffer(ctx: Context, repos: Repositories, order: OrdersTable, now: string) {
  const listing = (await repos.exchange.findListing(order.resale_listing_id!))!;
  await repos.exchange.setListing(listing.id, 'offered', 'listed', now, { expected: order.id, next: null });
  const entry = await repos.exchange.entryOfOffer(listing.ticket_type_id, order.account_id);
  if (entry) await repos.exchange.setEntry(entry.id, ['offered'], 'expired', now);
  await matchOffers(ctx, repos, listing.ticket_type_id, new Date(now));
}
