import type { Context } from '../context.ts';
import type { Staff } from '../organizers/authenticate.ts';
import { ownedEvent } from '../events/owned-event.ts';
import { auditRead } from './audit.ts';
import { consentsInForce } from './consents.ts';
import { holderRef } from './holder-ref.ts';
import { answerText } from './profile-questions.ts';
import type { Language } from '../messaging/translations.ts';

/**
 * The holders of an event as the organizer may see them: a pairwise pseudonym each, a handle for each
 * ticket they hold (so that one can be revoked; a new handle with every new holder, so that no ticket
 * links a visitor before and after an erasure or a hand-on) and their check-in count, and only those profile
 * answers whose purpose the holder consented to at this organizer (a choice as its options' labels in
 * `language`). Every read that shows any answer
 * is written to the audit log.
 */
export async function eventHolders(ctx: Context, staff: Staff, eventId: string, language: Language) {
  const repos = ctx.store.repos;
  await ownedEvent(repos, eventId, staff.organizerId);
  const holders = new Map<string, { ticketHandles: string[]; checkedIn: number }>();
  for (const ticket of await repos.privacy.liveTicketsOfEvent(eventId)) {
    const holder = holders.get(ticket.account_id) ?? { ticketHandles: [], checkedIn: 0 };
    holder.ticketHandles.push(ticket.holder_handle ?? ticket.id);
    if (ticket.state === 'checked_in') holder.checkedIn += 1;
    holders.set(ticket.account_id, holder);
  }
  const answers = await repos.privacy.answersForOrganizer(staff.organizerId, [...holders.keys()]);
  const consented = await consentsInForce(repos, staff.organizerId, [...new Set(answers.map((a) => a.purpose))]);
  const profiles = new Map<string, Record<string, string>>();
  let shown = 0;
  for (const a of answers) {
    if (!consented(a.account_id, a.purpose)) continue;
    profiles.set(a.account_id, { ...profiles.get(a.account_id), [a.key]: answerText(a.answer, a.options, language) });
    shown += 1;
  }
  if (shown > 0) {
    await auditRead(repos, staff, ctx.clock().toISOString(), 'holders.read', `event:${eventId}`, `${shown} profile answer${shown === 1 ? '' : 's'} of ${profiles.size} holder${profiles.size === 1 ? '' : 's'}`);
  }
  return [...holders].map(([accountId, holder]) => ({
    holderRef: holderRef(ctx.settings.secret, staff.organizerId, accountId),
    tickets: holder.ticketHandles.length,
    ticketHandles: holder.ticketHandles,
    checkedIn: holder.checkedIn,
    profile: profiles.get(accountId) ?? {},
  }));
}
