import type { Context } from '../context.ts';
import type { Staff } from '../organizers/authenticate.ts';
import { auditRead } from '../privacy/audit.ts';
import { consentsInForce } from '../privacy/consents.ts';

/** Groups smaller than this are never shown: a count of 3 fans of polka identifies people. */
export const minimumGroup = 10;

const shown = (count: number) => (count >= minimumGroup ? count : null);

/** Counts in fixed bins, so that no total minus the other bins gives away a suppressed one. */
function histogram(values: number[], bins: [string, number, number][]) {
  return bins.map(([label, low, high]) => ({ bin: label, holders: shown(values.filter((v) => v >= low && v <= high).length) }));
}

/**
 * What repeat and additional purchases tell an organizer about its visitors, across all its events,
 * by pairwise pseudonym: how many come back, events and tickets per holder, and the answers to its
 * profile questions from holders who consented to that purpose. Aggregates only; every group under
 * `minimumGroup` holders is `null`.
 */
export async function visitorPicture(ctx: Context, staff: Staff) {
  const repos = ctx.store.repos;
  const events = new Map<string, Set<string>>();
  const tickets = new Map<string, number>();
  for (const h of await repos.privacy.holdingsAtOrganizer(staff.organizerId)) {
    events.set(h.account_id, (events.get(h.account_id) ?? new Set()).add(h.event_id));
    tickets.set(h.account_id, (tickets.get(h.account_id) ?? 0) + 1);
  }
  const eventCounts = [...events.values()].map((e) => e.size);
  const answers = await repos.privacy.answersAtOrganizer(staff.organizerId);
  const consented = await consentsInForce(repos, staff.organizerId, [...new Set(answers.map((a) => a.purpose))]);
  const byQuestion = new Map<string, Map<string, number>>();
  for (const a of answers) {
    if (!consented(a.account_id, a.purpose)) continue;
    const values = byQuestion.get(a.key) ?? new Map<string, number>();
    values.set(a.answer, (values.get(a.answer) ?? 0) + 1);
    byQuestion.set(a.key, values);
  }
  await auditRead(repos, staff, ctx.clock().toISOString(), 'insights.visitors', `organizer:${staff.organizerId}`, `aggregates over ${byQuestion.size} profile questions`);
  return {
    minimumGroup,
    returningHolders: shown(eventCounts.filter((n) => n >= 2).length),
    eventsPerHolder: histogram(eventCounts, [['1', 1, 1], ['2', 2, 2], ['3-5', 3, 5], ['6+', 6, Infinity]]),
    ticketsPerHolder: histogram([...tickets.values()], [['1', 1, 1], ['2', 2, 2], ['3-4', 3, 4], ['5+', 5, Infinity]]),
    profile: [...byQuestion].map(([key, values]) => ({
      key,
      answers: [...values].filter(([, count]) => count >= minimumGroup).map(([answer, count]) => ({ answer, holders: count })),
    })),
  };
}
