import { randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import type { Repositories } from '../../storage/store.ts';
import { addSeconds } from '../clock.ts';

/**
 * Offers listed tickets to the waiting list, oldest listing to first in line, each as a pending
 * order at face value held like any other order. Runs whenever a listing or a waiting visitor
 * appears and whenever an offer ends unpaid, in the caller's transaction.
 */
export async function matchOffers(ctx: Context, repos: Repositories, ticketTypeId: string, now: Date) {
  await repos.exchange.lockTicketType(ticketTypeId);
  const at = now.toISOString();
  // Nothing is offered once the sale is over: a cancelled or ended event's listings are closing.
  const type = await repos.events.findTicketType(ticketTypeId);
  const event = type && (await repos.events.find(type.event_id));
  if (!event || event.status !== 'on_sale' || event.ends_at <= at) return;
  let provider: string | undefined;
  for (let offers = 0; offers < 1000; offers += 1) {
    const listing = await repos.exchange.oldestListed(ticketTypeId);
    if (!listing) return;
    const entry = await repos.exchange.firstWaiting(ticketTypeId, listing.seller_account_id);
    if (!entry) return;
    const orderId = randomUUID();
    provider ??= (await ctx.payments.forOrganizer(repos, (await repos.events.find(listing.event_id))!.organizer_id)).name;
    await repos.orders.insert(
      {
        id: orderId,
        account_id: entry.account_id,
        event_id: listing.event_id,
        status: 'pending',
        total_cents: listing.price_cents,
        currency: listing.currency,
        provider,
        created_at: at,
        expires_at: addSeconds(now, ctx.settings.orderHoldSeconds).toISOString(),
        settled_at: null,
        resale_listing_id: listing.id,
      },
      [{ order_id: orderId, ticket_type_id: ticketTypeId, quantity: 1, unit_price_cents: listing.price_cents }],
    );
    await repos.exchange.setListing(listing.id, 'listed', 'offered', at, { next: orderId });
    await repos.exchange.setEntry(entry.id, ['waiting'], 'offered', at);
  }
}
