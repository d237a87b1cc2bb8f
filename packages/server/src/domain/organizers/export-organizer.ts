import type { Context } from '../context.ts';
import { notFound } from '../errors.ts';
import { holderRef } from '../privacy/holder-ref.ts';

/**
 * An organizer's data as one JSON document (their events, sales, messages, questions, audit log),
 * for the operator to hand over or archive. Visitors appear only under this organizer's pairwise
 * pseudonym, as everywhere an organizer looks; profile answers are not in it (they belong to the
 * visitor, who exports them from the wallet).
 */
export async function exportOrganizer(ctx: Context, organizerId: string) {
  const data = await ctx.store.repos.organizerData.collect(organizerId);
  if (!data) throw notFound('organizer');
  const ref = (accountId: string) => holderRef(ctx.settings.secret, organizerId, accountId);
  return {
    format: 'ticketguard-organizer-export/1',
    exportedAt: ctx.clock().toISOString(),
    ...data,
    orders: data.orders.map(({ account_id, ...order }) => ({ ...order, holderRef: ref(account_id) })),
    tickets: data.tickets.map(({ account_id, ...ticket }) => ({ ...ticket, holderRef: ref(account_id) })),
  };
}
