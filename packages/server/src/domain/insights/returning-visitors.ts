import type { Context } from '../context.ts';
import type { Staff } from '../organizers/authenticate.ts';
import { auditRead } from '../privacy/audit.ts';
import { minimumGroup } from './visitor-picture.ts';

/** A figure as it may be shown: a group under `minimumGroup` visitors is null, never a number. */
const shown = (count: number) => (count >= minimumGroup ? count : null);

/** Fixed bins of "came to N events", the last one open: 5 means 5 or more. */
const eventBins = [1, 2, 3, 4, 5];

/**
 * How an organizer's visitors come back, under its own pseudonyms and without one account id: how
 * many visitors (accounts holding a live or used admission ticket of its events), how many came to two
 * events or more, how many came to 1, 2, 3, 4 or 5+ events, how many visited each pair of events (all
 * pairs, each once), each event's share of visitors who had been to an earlier one (the share over
 * time), and how many bought add-ons. Counted in one pass over the visitors' holdings, account by
 * account. Every figure under 10 is null; every read is written to the audit log.
 */
export async function returningVisitors(ctx: Context, staff: Staff) {
  const repos = ctx.store.repos;
  const [holdings, events, addonBuyers] = await Promise.all([
    repos.returning.holdings(staff.organizerId),
    repos.returning.events(staff.organizerId),
    repos.returning.addonBuyers(staff.organizerId),
  ]);
  const order = new Map(events.map((e, i) => [e.id, i]));
  const bins = eventBins.map(() => 0);
  const pairs = new Map<string, number>();
  const perEvent = events.map(() => ({ visitors: 0, returning: 0 }));
  let visitors = 0;
  let returning = 0;
  const count = (held: number[]) => {
    if (held.length === 0) return;
    held.sort((a, b) => a - b);
    visitors += 1;
    if (held.length >= 2) returning += 1;
    bins[Math.min(held.length, eventBins.length) - 1]! += 1;
    held.forEach((e, i) => {
      perEvent[e]!.visitors += 1;
      if (i > 0) perEvent[e]!.returning += 1;
      for (const other of held.slice(i + 1)) pairs.set(`${e}|${other}`, (pairs.get(`${e}|${other}`) ?? 0) + 1);
    });
  };
  let account: string | undefined;
  let held: number[] = [];
  for (const row of holdings) {
    if (row.account_id !== account) {
      count(held);
      account = row.account_id;
      held = [];
    }
    held.push(order.get(row.event_id)!);
  }
  count(held);
  await auditRead(repos, staff, ctx.clock().toISOString(), 'insights.returning', `organizer:${staff.organizerId}`, `returning visitors across ${events.length} events`);
  const visited = events.map((e, i) => ({ e, i })).filter(({ i }) => perEvent[i]!.visitors > 0);
  return {
    minimumGroup,
    visitors: shown(visitors),
    returning: shown(returning),
    byEventCount: eventBins.map((bin, i) => ({ events: bin, ...(i === eventBins.length - 1 ? { orMore: true } : {}), visitors: shown(bins[i]!) })),
    // Every pair of events with visitors: a pair that shares none is as suppressed as one that shares a few.
    overlap: visited.flatMap(({ e, i }, k) =>
      visited.slice(k + 1).map(({ e: other, i: j }) => {
        const [a, b] = e.id < other.id ? [e.id, other.id] : [other.id, e.id];
        return { eventId: a, otherEventId: b, visitors: shown(pairs.get(`${i}|${j}`) ?? 0) };
      }),
    ),
    perEvent: visited.map(({ e, i }) => ({ eventId: e.id, name: e.name, startsAt: e.starts_at, visitors: shown(perEvent[i]!.visitors), returning: shown(perEvent[i]!.returning) })),
    addonBuyers: shown(addonBuyers),
  };
}
