import type { Context } from '../context.ts';
import { DomainError, notFound } from '../errors.ts';
import { hashToken } from '../organizers/credentials.ts';
import { rebindTicket } from './rebind-ticket.ts';
import { mayMove } from './transfer-policy.ts';

/**
 * A friend's phone claims a ticket by its link. Exactly one claim of a link wins, even when two
 * phones claim at the same moment: the link is marked used by a conditional update, and the loser
 * gets `already_claimed`, unless it is the account that claimed it asking again while it still holds
 * the ticket: then the answer is the ticket, as the first time. The ticket must still be valid and the
 * event's policy must allow the move.
 */
export async function claimTicket(ctx: Context, accountId: string, claimToken: string) {
  const now = ctx.clock().toISOString();
  const tokenHash = hashToken(claimToken);
  return ctx.store.transaction(async (repos) => {
    const link = await repos.transfers.findClaimLink(tokenHash);
    if (!link || link.revoked_at) throw notFound('claim link');
    if (link.claimed_at) {
      // The friend opens the link again on the phone that claimed it: take them to their ticket.
      const mine = link.claimed_by === accountId ? await repos.transfers.findTicket(link.ticket_id) : undefined;
      if (mine?.account_id === accountId && mine.credential) return { id: mine.id, seq: mine.seq, credential: mine.credential };
      throw new DomainError('already_claimed', 'this ticket has already been claimed');
    }
    if (link.expires_at <= now) throw new DomainError('invalid_state', 'this claim link expired with the event');
    // Taking the link first makes every parallel claim wait here and then see it claimed; any
    // refusal below rolls the use back.
    if (!(await repos.transfers.useClaimLink(tokenHash, accountId, now))) {
      throw new DomainError('already_claimed', 'this ticket has already been claimed');
    }
    const ticket = (await repos.transfers.findTicket(link.ticket_id))!;
    if (ticket.account_id === accountId) throw new DomainError('invalid_state', 'this ticket is already yours');
    if (ticket.state !== 'valid') throw new DomainError('transfer_not_allowed', `a ${ticket.state.replace('_', ' ')} ticket cannot be handed on`);
    if (await repos.exchange.openListingOf(ticket.id)) throw new DomainError('transfer_not_allowed', 'this ticket is listed on the exchange');
    const event = (await repos.events.find(ticket.event_id))!;
    if (!mayMove(event, await repos.transfers.movesOf(ticket.id), 'claim')) {
      throw new DomainError('transfer_not_allowed', 'the transfer policy of this event does not allow this ticket to move again');
    }
    if (event.max_tickets_per_account !== null) {
      await repos.orders.lockAccount(accountId);
      const held = await repos.orders.countForAccount(accountId, event.id, now);
      if (held + 1 > event.max_tickets_per_account) {
        throw new DomainError('limit_exceeded', `at most ${event.max_tickets_per_account} tickets per account for this event; you have ${held}`);
      }
    }
    return rebindTicket(repos, ctx.settings.secret, event, ticket, { accountId, reason: 'claim' }, now);
  });
}
