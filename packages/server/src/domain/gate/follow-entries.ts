import type { Repositories } from '../../storage/store.ts';
import type { CheckInsTable, ProductKind } from '../../storage/schema.ts';
import type { Context } from '../context.ts';
import { endListings } from '../exchange/settle-resale.ts';
import { queueCheckInMessages } from '../messaging/check-in-messages.ts';
import { holderRef } from '../privacy/holder-ref.ts';
import { issueVouchers } from '../vouchers/vouchers.ts';
import { queueWebhooks } from '../webhooks/queue-webhooks.ts';

/** What following an entry needs to know of its ticket. */
export interface EnteredTicket {
  typeId: string;
  kind: ProductKind;
  accountId: string;
}

/**
 * What follows entries, at a gate or at the help desk, in their transaction: a ticket used anywhere
 * can no longer be sold on the exchange; an admission ticket's first entry anywhere (not a car's)
 * brings the event's check-in messages and vouchers; every first entry on a list is a
 * `ticket.checked_in` webhook for the organizer, the holder only as a pseudonym.
 */
export async function followEntries(
  ctx: Context,
  repos: Repositories,
  eventId: string,
  listName: string,
  entries: { fresh: CheckInsTable[]; firstAnywhere: string[] },
  ticketOf: (id: string) => EnteredTicket,
  now: string,
) {
  await endListings(ctx, repos, { ticketIds: entries.firstAnywhere }, now);
  const arrived = entries.firstAnywhere.filter((id) => ticketOf(id).kind === 'admission');
  await queueCheckInMessages(repos, eventId, arrived, now);
  if (entries.fresh.length > 0) {
    const organizerId = (await repos.events.find(eventId))!.organizer_id;
    await queueWebhooks(repos, organizerId, 'ticket.checked_in', entries.fresh.map((c) => {
      const ticket = ticketOf(c.ticket_id);
      return {
        eventId,
        ticketId: c.ticket_id,
        ticketTypeId: ticket.typeId,
        kind: ticket.kind,
        checkInList: { id: c.check_in_list_id, name: listName },
        holderRef: holderRef(ctx.settings.secret, organizerId, ticket.accountId),
        gate: c.gate,
        scannedAt: c.scanned_at,
      };
    }), now);
  }
  const holders = arrived.map((id) => ticketOf(id).accountId);
  for (const campaign of holders.length > 0 ? await repos.vouchers.checkinCampaigns(eventId) : []) {
    await issueVouchers(repos, ctx.settings.secret, campaign, holders, 'checkin', now);
  }
}
