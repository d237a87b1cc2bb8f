import { randomUUID } from 'node:crypto';
import type { Repositories } from '../../storage/store.ts';
import type { EventsTable, TicketsTable, TransfersTable } from '../../storage/schema.ts';
import { credentialSigner } from '../credentials/issue-credential.ts';
import { holderRef } from '../privacy/holder-ref.ts';
import { queueWebhooks } from '../webhooks/queue-webhooks.ts';
import { DomainError } from '../errors.ts';
import { isClaimable } from './transfer-policy.ts';

/**
 * Moves a ticket to another account's key for the event's organizer (its presentation key there, else
 * its active holder key): `seq` + 1 and a new credential, so the previous
 * holder's QR is `superseded` at every gate from the next pack on. Every move is a transfers row.
 * Runs in the caller's transaction; refuses if the ticket changed since it was read.
 */
export async function rebindTicket(
  repos: Repositories,
  secret: string,
  event: EventsTable,
  ticket: TicketsTable,
  to: { accountId: string; reason: TransfersTable['reason'] },
  now: string,
) {
  const holderJwk = await repos.accounts.holderJwkFor(to.accountId, event.organizer_id);
  const seq = ticket.seq + 1;
  const credential = await (await credentialSigner(repos, secret, event, now))({ type: 'ticket', id: ticket.id, seq, holderJwk });
  const moves = (await repos.transfers.movesOf(ticket.id)) + (to.reason === 'recovery' ? 0 : 1);
  const packVersion = await repos.events.nextPackVersion(event.id);
  const claimable = isClaimable(event, ticket, moves) ? 1 : 0;
  // A new holder, a new handle: the holder list cannot follow a ticket from one holder to the next.
  if (!(await repos.transfers.rebind(ticket, { account_id: to.accountId, credential, claimable, pack_version: packVersion, updated_at: now, holder_handle: randomUUID() }))) {
    throw new DomainError('transfer_not_allowed', 'the ticket changed while it was being moved; try again');
  }
  await repos.transfers.revokeOpenLinks(ticket.id, now);
  await repos.transfers.insertTransfer({
    id: randomUUID(),
    ticket_id: ticket.id,
    event_id: event.id,
    from_account_id: ticket.account_id,
    to_account_id: to.accountId,
    reason: to.reason,
    seq,
    created_at: now,
  });
  // A recovery rebinds the ticket to the same visitor's new phone: no change of holder to report.
  if (to.reason !== 'recovery') {
    const ref = (accountId: string) => holderRef(secret, event.organizer_id, accountId);
    await queueWebhooks(repos, event.organizer_id, 'ticket.transferred', [
      { eventId: event.id, ticketId: ticket.id, ticketTypeId: ticket.ticket_type_id, fromHolderRef: ref(ticket.account_id), toHolderRef: ref(to.accountId), reason: to.reason, seq },
    ], now);
  }
  return { id: ticket.id, seq, credential };
}
