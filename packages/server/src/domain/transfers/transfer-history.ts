import type { Context } from '../context.ts';
import { ownedEvent } from '../events/owned-event.ts';
import { holderRef } from '../privacy/holder-ref.ts';

/**
 * Every change of holder of an event's tickets, as the organizer may see it: pseudonyms and the ticket
 * type, no ticket id, so that no ticket links a visitor's pseudonym before an erasure to the new one.
 */
export async function transferHistory(ctx: Context, organizerId: string, eventId: string) {
  await ownedEvent(ctx.store.repos, eventId, organizerId);
  const ref = (accountId: string | null) => (accountId ? holderRef(ctx.settings.secret, organizerId, accountId) : null);
  return (await ctx.store.repos.transfers.historyOfEvent(eventId)).map((t) => ({
    ticketTypeId: t.ticket_type_id,
    from: ref(t.from_account_id),
    to: ref(t.to_account_id),
    reason: t.reason,
    seq: t.seq,
    at: t.created_at,
  }));
}
