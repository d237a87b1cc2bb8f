import type { Context } from '../context.ts';
import { ownedEvent } from '../events/owned-event.ts';

/**
 * What happened at the doors, from the recorded scans: entries per minute and gate (check-ins, by
 * the time scanned), refusals by reason, and how many tickets got in twice (see
 * figures.duplicateTickets for how that is known).
 */
export async function gateStats(ctx: Context, organizerId: string, eventId: string) {
  const repos = ctx.store.repos;
  await ownedEvent(repos, eventId, organizerId);
  const [entries, verdicts, duplicates] = await Promise.all([
    repos.figures.entriesPerMinute(eventId),
    repos.figures.scanVerdicts(eventId),
    repos.figures.duplicateTickets(eventId),
  ]);
  const refusedByReason: Record<string, number> = {};
  let accepted = 0;
  let refused = 0;
  for (const v of verdicts) {
    if (v.verdict === 'accepted') accepted += v.count;
    else {
      refused += v.count;
      const reason = v.reason ?? 'unknown';
      refusedByReason[reason] = (refusedByReason[reason] ?? 0) + v.count;
    }
  }
  return {
    entriesPerMinute: entries.map((e) => ({ minute: `${e.minute}:00.000Z`, gate: e.gate, count: e.count })),
    refusedByReason,
    accepted,
    refused,
    duplicates,
  };
}
