import { randomBytes } from 'node:crypto';
import type { Context } from '../context.ts';
import { DomainError, notFound } from '../errors.ts';
import { hashToken } from '../organizers/credentials.ts';
import { isClaimable } from './transfer-policy.ts';

/**
 * A claim link hands one ticket to a friend's phone: `PUBLIC_URL/wallet/claim#<token>`, 128 random
 * bits in the fragment (so it never reaches a server log), stored hashed, usable once, and valid
 * until the event ends. A new link replaces the ticket's open one.
 */
export async function createClaimLink(ctx: Context, accountId: string, ticketId: string) {
  const now = ctx.clock().toISOString();
  return ctx.store.transaction(async (repos) => {
    const ticket = await repos.transfers.findTicket(ticketId);
    if (!ticket || ticket.account_id !== accountId) throw notFound('ticket');
    const event = (await repos.events.find(ticket.event_id))!;
    if (!isClaimable(event, ticket, await repos.transfers.movesOf(ticketId))) {
      throw new DomainError('transfer_not_allowed', ticket.state !== 'valid' ? `a ${ticket.state.replace('_', ' ')} ticket cannot be handed on` : 'the transfer policy of this event does not allow this ticket to move again');
    }
    if (await repos.exchange.openListingOf(ticketId)) {
      throw new DomainError('transfer_not_allowed', 'a ticket listed on the exchange cannot be handed on; withdraw the listing first');
    }
    await repos.transfers.revokeOpenLinks(ticketId, now);
    const claimToken = randomBytes(16).toString('base64url');
    await repos.transfers.insertClaimLink({
      token_hash: hashToken(claimToken),
      ticket_id: ticketId,
      created_by: accountId,
      created_at: now,
      expires_at: event.ends_at,
      claimed_at: null,
      claimed_by: null,
      revoked_at: null,
    });
    return { claimToken, url: `${ctx.settings.publicUrl}/wallet/claim#${claimToken}`, expiresAt: event.ends_at };
  });
}

/** The holder takes back an open link before a friend used it. */
export async function revokeClaimLinks(ctx: Context, accountId: string, ticketId: string) {
  await ctx.store.transaction(async (repos) => {
    const ticket = await repos.transfers.findTicket(ticketId);
    if (!ticket || ticket.account_id !== accountId) throw notFound('ticket');
    if ((await repos.transfers.revokeOpenLinks(ticketId, ctx.clock().toISOString())) === 0) {
      throw new DomainError('invalid_state', 'this ticket has no open claim link');
    }
  });
}
