import { randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import { addSeconds } from '../clock.ts';
import { createIssuerKey } from '../credentials/issuer-keys.ts';
import { hashPassword } from '../organizers/credentials.ts';
import { defaultLists } from '../check-in-lists/check-in-lists.ts';

export const demo = {
  organizerId: '7e5f0000-0000-4000-8000-000000000001',
  staffId: '7e5f0000-0000-4000-8000-000000000002',
  eventId: '7e5f0000-0000-4000-8000-000000000010',
  standingId: '7e5f0000-0000-4000-8000-000000000011',
  balconyId: '7e5f0000-0000-4000-8000-000000000012',
  parkingId: '7e5f0000-0000-4000-8000-000000000013',
  email: 'demo@ticketguard.local',
  password: 'ticketguard-demo',
} as const;

/**
 * A demo organizer with an event on sale, so a fresh `npm start` has something to buy. Fixed ids
 * and one transaction make it idempotent: a second start, or a second process, changes nothing.
 */
export async function seedDemo(ctx: Context) {
  if (await ctx.store.repos.organizers.findOrganizer(demo.organizerId)) return false;
  const passwordHash = await hashPassword(demo.password);
  const now = ctx.clock();
  const at = now.toISOString();
  const startsAt = addSeconds(now, 30 * 24 * 3600);
  try {
    await ctx.store.transaction(async (repos) => {
      await repos.organizers.createWithOwner({
        organizerId: demo.organizerId,
        name: 'Demo Organizer',
        staff: { id: demo.staffId, organizer_id: demo.organizerId, email: demo.email, password_hash: passwordHash, role: 'owner', created_at: at, name: 'Demo Owner', removed_at: null },
      });
      await repos.events.insert({
        id: demo.eventId,
        organizer_id: demo.organizerId,
        name: 'Ticketguard Demo Night',
        venue: 'Paradiso, Amsterdam',
        starts_at: startsAt.toISOString(),
        ends_at: addSeconds(startsAt, 5 * 3600).toISOString(),
        doors_at: addSeconds(startsAt, -3600).toISOString(),
        status: 'on_sale',
        transfer_mode: 'exchange',
        max_transfers: null,
        max_tickets_per_account: 6,
        window_seconds: 15,
        pack_version: 0,
        created_at: at,
        updated_at: at,
      });
      await createIssuerKey(repos, ctx.settings.secret, demo.eventId, at);
      for (const [id, name, price, capacity, kind] of [
        [demo.standingId, 'Standing', 3500, 500, 'admission'],
        [demo.balconyId, 'Balcony', 5000, 120, 'admission'],
        [demo.parkingId, 'Parking', 1000, 80, 'addon'],
      ] as const) {
        await repos.events.insertTicketType({
          id, event_id: demo.eventId, name, price_cents: price, currency: 'EUR', capacity, taken: 0, created_at: at,
          kind, requires_admission: kind === 'addon' ? 1 : 0, sales_stopped_at: null,
        });
      }
      const lists = defaultLists(demo.eventId, at);
      lists.push({ ...lists[0]!, id: randomUUID(), name: 'Car park', type_ids: JSON.stringify([demo.parkingId]), is_default: 0 });
      await repos.checkInLists.insert(lists);
    });
  } catch (error) {
    if (ctx.store.storage.isUniqueViolation(error)) return false; // another process seeded it first
    throw error;
  }
  return true;
}
