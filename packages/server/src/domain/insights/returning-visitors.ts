import type { Context } from '../context.ts';
import type { Staff } from '../organizers/authenticate.ts';
import { auditRead } from '../privacy/audit.ts';
import { minimumGroup } from './visitor-picture.ts';

/** A figure as it may be shown: a group under `minimumGroup` visitors is null, never a number. */
const shown = (count: number) => (count >= minimumGroup ? count : null);

/** Every pair of events, each once: pairs that share no visitor are as suppressed as those that share a few. */
function everyPair(eventIds: string[], shared: { eventId: string; otherEventId: string; visitors: number }[]) {
  const count = new Map(shared.map((p) => [`${p.eventId}|${p.otherEventId}`, p.visitors]));
  const sorted = [...eventIds].sort();
  return sorted.flatMap((a, i) => sorted.slice(i + 1).map((b) => ({ eventId: a, otherEventId: b, visitors: shown(count.get(`${a}|${b}`) ?? 0) })));
}

/** Fixed bins of "came to N events", the last one open: 5 means 5 or more. */
const eventBins = [1, 2, 3, 4, 5];

/**
 * How an organizer's visitors come back, under its own pseudonyms and without one account id: how
 * many visitors (accounts holding a live or used admission ticket of its events), how many came to two
 * events or more, how many came to 1, 2, 3, 4 or 5+ events, how many visited each pair of events, each
 * event's share of returning visitors (the share over time), and how many bought add-ons. Every figure
 * under 10 is null. Every read is written to the audit log.
 */
export async function returningVisitors(ctx: Context, staff: Staff) {
  const repos = ctx.store.repos;
  const [counts, pairs, events, addonBuyers] = await Promise.all([
    repos.returning.byEventCount(staff.organizerId),
    repos.returning.overlap(staff.organizerId),
    repos.returning.perEvent(staff.organizerId),
    repos.returning.addonBuyers(staff.organizerId),
  ]);
  const visitors = counts.reduce((sum, c) => sum + c.visitors, 0);
  const returning = counts.filter((c) => c.events >= 2).reduce((sum, c) => sum + c.visitors, 0);
  const inBin = (bin: number) => counts.filter((c) => (bin === eventBins.at(-1) ? c.events >= bin : c.events === bin)).reduce((sum, c) => sum + c.visitors, 0);
  await auditRead(repos, staff, ctx.clock().toISOString(), 'insights.returning', `organizer:${staff.organizerId}`, `returning visitors across ${events.length} events`);
  return {
    minimumGroup,
    visitors: shown(visitors),
    returning: shown(returning),
    byEventCount: eventBins.map((bin) => ({ events: bin, ...(bin === eventBins.at(-1) ? { orMore: true } : {}), visitors: shown(inBin(bin)) })),
    overlap: everyPair(events.map((e) => e.eventId), pairs),
    perEvent: events.map((e) => ({ ...e, visitors: shown(e.visitors), returning: shown(e.returning) })),
    addonBuyers: shown(addonBuyers),
  };
}
