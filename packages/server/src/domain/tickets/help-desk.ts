import { randomUUID } from 'node:crypto';
import type { CheckInsTable, MessagesTable } from '../../storage/schema.ts';
import type { Repositories } from '../../storage/store.ts';
import type { Context } from '../context.ts';
import { typeIdsOf } from '../check-in-lists/check-in-lists.ts';
import { DomainError, notFound } from '../errors.ts';
import { followEntries } from '../gate/follow-entries.ts';
import { announce, deliver } from '../messaging/deliver.ts';
import type { Staff } from '../organizers/authenticate.ts';
import { auditRead } from '../privacy/audit.ts';
import { isClaimable } from '../transfers/transfer-policy.ts';
import { normalizedRef } from './ticket-ref.ts';

/** What happened to a ticket, in the words the desk shows; never who held it. */
export type HistoryEntry =
  | { at: string; what: 'issued' | 'claimed' | 'resold' | 'recovered' | 'claim_link_made' | 'claim_link_sent' | 'revoked' }
  | { at: string; what: 'scanned'; list: string | null; direction: 'in' | 'out'; verdict: 'accepted' | 'rejected'; reason: string | null; gate: string; conflict: boolean }
  | { at: string; what: 'checked_in_by_hand'; list: string | null; note: string };

const moveWords = { claim: 'claimed', exchange: 'resold', recovery: 'recovered' } as const;

async function historyOf(repos: Repositories, ticket: { id: string; created_at: string; state: string; updated_at: string }) {
  const { transfers, scans, links, desk, refunds } = await repos.helpDesk.history(ticket.id);
  const entries: HistoryEntry[] = [{ at: ticket.created_at, what: 'issued' }];
  for (const t of transfers) entries.push({ at: t.created_at, what: moveWords[t.reason] });
  for (const l of links) entries.push({ at: l.created_at, what: 'claim_link_made' });
  for (const s of scans) {
    // The desk's own check-ins are told by its audit rows below, with the reason given.
    if (s.token_hash.startsWith('desk:')) continue;
    entries.push({
      at: s.scanned_at, what: 'scanned', list: s.list_name, direction: s.direction, verdict: s.verdict, reason: s.reason, gate: s.gate, conflict: s.conflict === 1,
    });
  }
  for (const d of desk) {
    if (d.action === 'desk.claim_link_sent') entries.push({ at: d.created_at, what: 'claim_link_sent' });
    else {
      const { list, note } = JSON.parse(d.detail) as { list: string | null; note: string };
      entries.push({ at: d.created_at, what: 'checked_in_by_hand', list, note });
    }
  }
  if (ticket.state === 'revoked') entries.push({ at: refunds[0]?.created_at ?? ticket.updated_at, what: 'revoked' });
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}

type DeskRow = Awaited<ReturnType<Repositories['helpDesk']['deskTickets']>>[number];

async function describe(repos: Repositories, t: DeskRow) {
  return {
    id: t.id,
    ref: t.ref!,
    eventId: t.event_id,
    eventName: t.event_name,
    eventStartsAt: t.event_starts_at,
    ticketTypeId: t.ticket_type_id,
    ticketTypeName: t.type_name,
    kind: t.kind,
    state: t.state,
    seq: t.seq,
    insideOn: (await repos.helpDesk.insideOn(t.id)).map((l) => ({ id: l.id, name: l.name })),
    history: await historyOf(repos, t),
  };
}

/**
 * The help desk looks a ticket up by the short reference on the visitor's ticket screen: the
 * organizer's tickets with that reference, each with its event, type, state, where it is inside now
 * and its history. Each lookup is in the audit log.
 */
export async function lookUpTickets(ctx: Context, staff: Staff, typed: string) {
  const ref = normalizedRef(typed);
  if (!ref) throw new DomainError('invalid_request', 'ref: a ticket reference has 10 letters and digits, like K7PQ2-MXD9A', 'ref');
  const repos = ctx.store.repos;
  const rows = await repos.helpDesk.deskTickets(staff.organizerId, { ref });
  await auditRead(repos, staff, ctx.clock().toISOString(), 'desk.lookup', ref, `${rows.length} ticket(s)`);
  return Promise.all(rows.map((t) => describe(repos, t)));
}

async function deskTicket(repos: Repositories, staff: Staff, ticketId: string) {
  const ticket = await repos.helpDesk.ticketOfOrganizer(staff.organizerId, ticketId);
  if (!ticket) throw notFound('ticket');
  return ticket;
}

/**
 * The desk lets a visitor in by hand (a phone that died at the door): the ticket enters the list as at
 * a gate, with everything that follows an entry, recorded as the help desk's scan and in the audit
 * log with the reason given. The list is the event's default ticket list unless one is named.
 */
export async function checkInByHand(ctx: Context, staff: Staff, ticketId: string, input: { checkInListId?: string; reason: string }) {
  const now = ctx.clock().toISOString();
  await ctx.store.transaction(async (repos) => {
    const ticket = await deskTicket(repos, staff, ticketId);
    if (ticket.state === 'revoked') throw new DomainError('invalid_state', 'this ticket is revoked: it cannot be let in', 'ticketId');
    const list = input.checkInListId ? await repos.checkInLists.find(input.checkInListId) : await repos.checkInLists.defaultOf(ticket.event_id, 'ticket');
    if (!list || list.event_id !== ticket.event_id || list.mode !== 'ticket') throw notFound('check-in list');
    const typeIds = typeIdsOf(list);
    if (typeIds ? !typeIds.includes(ticket.ticket_type_id) : ticket.kind !== 'admission') {
      throw new DomainError('invalid_state', `"${list.name}" does not admit ${ticket.type_name}`, 'checkInListId');
    }
    const [locked] = await repos.gate.lockTickets(ticket.event_id, list.id, [ticket.id]);
    const entry = locked!.checkIn;
    if (entry?.inside === 1) throw new DomainError('invalid_state', `this ticket is inside on "${list.name}" already`, 'ticketId');
    if (entry && list.allow_reentry !== 1) throw new DomainError('invalid_state', `this ticket got in on "${list.name}" before, and the list allows no re-entry`, 'ticketId');
    const device = await repos.gate.deskDevice(ticket.event_id, now);
    const scanId = randomUUID();
    await repos.gate.insertScans([{
      gate_device_id: device.id, scan_id: scanId, event_id: ticket.event_id, subject_id: ticket.id, raw: '', gate: device.name, verdict: 'accepted', reason: null,
      first_scanned_at: null, first_gate: null, scanned_at: now, received_at: now, local_verdict: null, check_in_list_id: list.id, direction: 'in', conflict: 0,
    }]);
    const row: CheckInsTable = entry
      ? { ...entry, inside: 1, moved_at: now, moved_gate: device.name }
      : { check_in_list_id: list.id, ticket_id: ticket.id, event_id: ticket.event_id, scanned_at: now, gate: device.name, gate_device_id: device.id, scan_id: scanId, inside: 1, moved_at: now, moved_gate: device.name };
    const firstAnywhere = ticket.state === 'valid' ? [ticket.id] : [];
    await repos.gate.checkIn({ fresh: entry ? [] : [row], moved: entry ? [row] : [], firstAnywhere }, await repos.events.nextPackVersion(ticket.event_id));
    await followEntries(ctx, repos, ticket.event_id, list.name, { fresh: entry ? [] : [row], firstAnywhere }, () => ({
      typeId: ticket.ticket_type_id, kind: ticket.kind, accountId: ticket.account_id,
    }), now);
    await auditRead(repos, staff, now, 'desk.check_in', ticket.id, JSON.stringify({ list: list.name, note: input.reason }));
  });
  const [row] = await ctx.store.repos.helpDesk.deskTickets(staff.organizerId, { id: ticketId });
  return describe(ctx.store.repos, row!);
}

const shareAgain = (eventName: string, ref: string) => ({
  en: { title: `Share your ticket again: ${eventName}`, body: `The help desk stopped the claim link of ticket ${ref}. Open the ticket in your wallet and share it again: that makes a new link.` },
  nl: { title: `Deel je ticket opnieuw: ${eventName}`, body: `De helpdesk heeft de claimlink van ticket ${ref} stopgezet. Open het ticket in je wallet en deel het opnieuw: dan maak je een nieuwe link.` },
});

/**
 * A friend lost the claim link: the desk stops the old link and asks the holder, in their inbox, to
 * share the ticket again (their wallet makes the new link). The link itself never passes the desk or
 * the server's messages, so no staff member can claim the ticket. Nothing else is ever sent from
 * the desk: no ticket, no personal data.
 */
export async function resendClaimLink(ctx: Context, staff: Staff, ticketId: string) {
  const now = ctx.clock().toISOString();
  const sent = await ctx.store.transaction(async (repos) => {
    const ticket = await deskTicket(repos, staff, ticketId);
    const event = (await repos.events.find(ticket.event_id))!;
    if (!isClaimable(event, ticket, await repos.transfers.movesOf(ticket.id))) {
      throw new DomainError('transfer_not_allowed', 'this ticket cannot be handed on (used, revoked, or moved as often as the event allows)', 'ticketId');
    }
    const stopped = (await repos.transfers.revokeOpenLinks(ticket.id, now)) > 0;
    const text = shareAgain(event.name, ticket.ref!);
    const message: MessagesTable = {
      id: randomUUID(), organizer_id: staff.organizerId, event_id: event.id, title: text.en.title, body: text.en.body, translations: JSON.stringify(text),
      audience: '{}', trigger: 'now', send_at: now, minutes: null, status: 'sent', marketing: 0, recipients: 0, job_id: null, voucher_campaign_id: null,
      created_at: now, sent_at: now, push_sent: 0, push_failed: 0,
    };
    await repos.messages.insert(message);
    const reached = await deliver(ctx, repos, { message, audience: {}, now, ticketIds: [ticket.id] });
    await auditRead(repos, staff, now, 'desk.claim_link_sent', ticket.id, stopped ? 'open link stopped' : 'no open link');
    return { message, reached, stopped };
  });
  announce(ctx, sent.message, now, sent.reached);
  return { sentTo: 'holder' as const, linkStopped: sent.stopped };
}
