import type { Context } from '../context.ts';
import { ownedEvent } from '../events/owned-event.ts';
import { listForScan } from './check-in-lists.ts';

/**
 * How many are inside now, per list and in total, and entries and exits per minute: the figure a
 * safety officer asks for every hour. Inside on a list is entries minus exits on it; the total
 * counts people (admission tickets inside on any ticket list), so a VIP in the VIP area counts once
 * and a car in the car park not at all.
 */
export async function presence(ctx: Context, organizerId: string, eventId: string) {
  const repos = ctx.store.repos;
  await ownedEvent(repos, eventId, organizerId);
  const [lists, inside, people, totals] = await Promise.all([
    repos.checkInLists.ofEvent(eventId),
    repos.checkInLists.insideByList(eventId),
    repos.checkInLists.peopleInside(eventId),
    repos.checkInLists.movementTotals(eventId),
  ]);
  const count = countOf(totals);
  const ticketLists = lists.filter((l) => l.mode === 'ticket');
  return {
    inside: people,
    lists: ticketLists.map((l) => ({ id: l.id, name: l.name, inside: inside.get(l.id) ?? 0, entries: count(l.id, 'in'), exits: count(l.id, 'out') })),
    perMinute: await perMinute(ctx, eventId, new Set(ticketLists.map((l) => l.id))),
  };
}

const countOf = (totals: { listId: string; direction: string; count: number }[]) => (listId: string, direction: 'in' | 'out') =>
  totals.find((m) => m.listId === listId && m.direction === direction)?.count ?? 0;

/** Entries and exits per minute and list, oldest minute first. */
async function perMinute(ctx: Context, eventId: string, listIds: Set<string>) {
  const rows = await ctx.store.repos.checkInLists.movementsPerMinute(eventId);
  const byKey = new Map<string, { minute: string; listId: string; entries: number; exits: number }>();
  for (const row of rows) {
    if (!listIds.has(row.listId)) continue;
    const key = `${row.minute}|${row.listId}`;
    const entry = byKey.get(key) ?? { minute: `${row.minute}:00.000Z`, listId: row.listId, entries: 0, exits: 0 };
    if (row.direction === 'out') entry.exits += row.count;
    else entry.entries += row.count;
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}

/** What a scanner shows of its own list: how many are inside now, and entries and exits so far. */
export async function presenceAtGate(ctx: Context, device: { event_id: string; check_in_list_id: string | null }, mode: 'ticket' | 'voucher') {
  const repos = ctx.store.repos;
  const list = await listForScan(repos, device, mode);
  const [inside, totals] = await Promise.all([repos.checkInLists.insideByList(device.event_id), repos.checkInLists.movementTotals(device.event_id)]);
  const count = countOf(totals);
  return { list: { id: list.id, name: list.name }, inside: inside.get(list.id) ?? 0, entries: count(list.id, 'in'), exits: count(list.id, 'out') };
}

/** The event's lists for the organizer, each with who is inside now and its entries and exits so far. */
export async function listsOfEvent(ctx: Context, organizerId: string, eventId: string) {
  const repos = ctx.store.repos;
  await ownedEvent(repos, eventId, organizerId);
  const [lists, inside, totals] = await Promise.all([repos.checkInLists.ofEvent(eventId), repos.checkInLists.insideByList(eventId), repos.checkInLists.movementTotals(eventId)]);
  const count = countOf(totals);
  return lists.map((list) => ({ list, inside: inside.get(list.id) ?? 0, entries: count(list.id, 'in'), exits: count(list.id, 'out') }));
}
