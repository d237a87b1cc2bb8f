import { randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import { DomainError, notFound } from '../errors.ts';
import { mayMove } from '../transfers/transfer-policy.ts';
import { matchOffers } from './match-offers.ts';

/**
 * Lists a ticket on the event's exchange at its face value; there is no way to ask more (or less).
 * Only with transfer policy `exchange`. The first in line on the waiting list gets it as an offer.
 */
export async function listForResale(ctx: Context, accountId: string, ticketId: string) {
  const now = ctx.clock();
  const at = now.toISOString();
  return ctx.store.transaction(async (repos) => {
    const ticket = await repos.transfers.findTicket(ticketId);
    if (!ticket || ticket.account_id !== accountId) throw notFound('ticket');
    const event = (await repos.events.find(ticket.event_id))!;
    if (event.transfer_mode !== 'exchange') throw new DomainError('transfer_not_allowed', 'this event has no exchange: its transfer policy is ' + event.transfer_mode);
    if (ticket.state !== 'valid') throw new DomainError('transfer_not_allowed', `a ${ticket.state.replace('_', ' ')} ticket cannot be resold`);
    if (await repos.exchange.openListingOf(ticketId)) throw new DomainError('invalid_state', 'this ticket is already listed');
    if (!mayMove(event, await repos.transfers.movesOf(ticketId), 'exchange')) {
      throw new DomainError('transfer_not_allowed', 'the transfer policy of this event does not allow this ticket to move again');
    }
    const type = (await repos.events.findTicketType(ticket.ticket_type_id))!;
    await repos.transfers.revokeOpenLinks(ticketId, at);
    const listing = {
      id: randomUUID(),
      ticket_id: ticketId,
      event_id: event.id,
      ticket_type_id: type.id,
      seller_account_id: accountId,
      price_cents: type.price_cents,
      currency: type.currency,
      status: 'listed' as const,
      offer_order_id: null,
      created_at: at,
      updated_at: at,
    };
    await repos.exchange.insertListing(listing);
    await matchOffers(ctx, repos, type.id, now);
    return (await repos.exchange.findListing(listing.id))!;
  });
}

/** The seller takes a listing back, as long as nobody has been offered it yet. */
export async function withdrawListing(ctx: Context, accountId: string, ticketId: string) {
  await ctx.store.transaction(async (repos) => {
    const listing = await repos.exchange.openListingOf(ticketId);
    if (!listing || listing.seller_account_id !== accountId) throw notFound('listing');
    if (!(await repos.exchange.setListing(listing.id, 'listed', 'withdrawn', ctx.clock().toISOString()))) {
      throw new DomainError('invalid_state', 'this ticket has been offered to a buyer and can no longer be withdrawn');
    }
  });
}

/** Joins the waiting list of a ticket type; listed tickets are offered in the order people joined. */
export async function joinWaitlist(ctx: Context, accountId: string, eventId: string, ticketTypeId: string) {
  const now = ctx.clock();
  const at = now.toISOString();
  return ctx.store.transaction(async (repos) => {
    const event = await repos.events.find(eventId);
    if (!event || event.status === 'draft') throw notFound('event');
    if (event.transfer_mode !== 'exchange') throw new DomainError('transfer_not_allowed', 'this event has no exchange, so no waiting list');
    if (event.status !== 'on_sale') throw new DomainError('invalid_state', `this event is ${event.status}`);
    const type = await repos.events.findTicketType(ticketTypeId);
    if (!type || type.event_id !== eventId) throw new DomainError('invalid_request', 'ticketTypeId is not a ticket type of this event');
    const existing = await repos.exchange.openEntryOf(ticketTypeId, accountId);
    if (existing) return { entry: existing, created: false };
    if (event.max_tickets_per_account !== null && (await repos.orders.countForAccount(accountId, eventId, at)) >= event.max_tickets_per_account) {
      throw new DomainError('limit_exceeded', `at most ${event.max_tickets_per_account} tickets per account for this event`);
    }
    const entry = { id: randomUUID(), event_id: eventId, ticket_type_id: ticketTypeId, account_id: accountId, status: 'waiting' as const, created_at: at, updated_at: at };
    await repos.exchange.insertEntry(entry);
    await matchOffers(ctx, repos, ticketTypeId, now);
    return { entry: (await repos.exchange.openEntryOf(ticketTypeId, accountId)) ?? entry, created: true };
  });
}
