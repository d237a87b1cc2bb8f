import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/dialects.ts';
import { organizerRequest, publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { qrFor } from './support/presentations.ts';
import { buyTickets, type HeldTicket } from './support/purchases.ts';
import { uploadScan } from './support/scans.ts';
import { TestWallet } from './support/wallet.ts';

const prefixes = { minute: 16, hour: 13, day: 10 } as const;
/** The ISO start of the bucket holding `at`, computed here independently of the server. */
const bucketStart = (at: Date, bucket: keyof typeof prefixes) => {
  const d = new Date(at);
  if (bucket === 'day') d.setUTCHours(0, 0, 0, 0);
  else if (bucket === 'hour') d.setUTCMinutes(0, 0, 0);
  else d.setUTCSeconds(0, 0);
  return d.toISOString();
};

describe.each(dialects)('sales over time and gate activity on $name', (dialect) => {
  let server: TestServer;
  let organizer: Awaited<ReturnType<typeof signUp>>;
  let event: { eventId: string; ticketTypeId: string };
  let balconyId: string;
  const asOrganizer = organizerRequest(() => server.app, () => organizer.token);
  const wallet = () => TestWallet.withAccount(server.app, server.clock);
  /** Every purchase the test made: when it was paid, of which type, how many, at what price. */
  const purchases: { at: Date; typeId: string; quantity: number; priceCents: number }[] = [];
  let refunded: HeldTicket;

  async function buy(typeId: string, quantity: number, priceCents: number) {
    const tickets = await buyTickets(await wallet(), { eventId: event.eventId, ticketTypeId: typeId }, quantity);
    purchases.push({ at: server.clock(), typeId, quantity, priceCents });
    return tickets;
  }

  beforeAll(async () => {
    server = await startTestServer(dialect);
    organizer = await signUp(server.app);
    event = await publishedEvent(server.app, organizer.token, { priceCents: 3500 });
    balconyId = (await asOrganizer('POST', `/api/v1/events/${event.eventId}/ticket-types`, { name: 'Balcony', priceCents: 5000, currency: 'EUR', capacity: 20 })).json().id;
    refunded = (await buy(event.ticketTypeId, 2, 3500))[0]!;
    await buy(balconyId, 1, 5000);
    server.clock.advance(90);
    await buy(event.ticketTypeId, 3, 3500);
    server.clock.advance(2 * 3600);
    await buy(balconyId, 2, 5000);
    // A seat refunded by the organizer, and an order still waiting for its payment.
    await asOrganizer('POST', `/api/v1/events/${event.eventId}/tickets/${refunded.id}/revoke`, { reason: 'double booking' });
    const pending = await wallet();
    await pending.request('POST', '/api/v1/orders', { eventId: event.eventId, items: [{ ticketTypeId: balconyId, quantity: 2 }] });
  });
  afterAll(() => server.stop());

  it.each(['minute', 'hour', 'day'] as const)('buckets the tickets of paid orders by %s, per ticket type', async (bucket) => {
    const res = await asOrganizer('GET', `/api/v1/events/${event.eventId}/sales?bucket=${bucket}`);
    expect(res.statusCode).toBe(200);
    const expected = new Map<string, { at: string; byType: Record<string, number>; tickets: number; revenueCents: number }>();
    for (const p of purchases) {
      const at = bucketStart(p.at, bucket);
      const b = expected.get(at) ?? { at, byType: {}, tickets: 0, revenueCents: 0 };
      b.byType[p.typeId] = (b.byType[p.typeId] ?? 0) + p.quantity;
      b.tickets += p.quantity;
      b.revenueCents += p.quantity * p.priceCents;
      expected.set(at, b);
    }
    const body = res.json();
    expect(body.buckets).toEqual([...expected.values()].sort((a, b) => a.at.localeCompare(b.at)));
    expect(body.currency).toBe('EUR');
    expect(body.totals).toEqual({ tickets: 8, revenueCents: 5 * 3500 + 3 * 5000, refundedCents: 3500 });
    expect(body.holds).toEqual({ orders: 1, tickets: 2 });
  });

  it('stops counting a hold once it expires', async () => {
    server.clock.advance(601);
    expect((await asOrganizer('GET', `/api/v1/events/${event.eventId}/sales?bucket=day`)).json().holds).toEqual({ orders: 0, tickets: 0 });
  });

  it('refuses an unknown bucket naming the field, and keeps other tenants out', async () => {
    const bad = await asOrganizer('GET', `/api/v1/events/${event.eventId}/sales?bucket=week`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('querystring.bucket');
    const stranger = await signUp(server.app, 'Other tenant');
    expect((await asOrganizer('GET', `/api/v1/events/${event.eventId}/sales`, undefined, stranger.token)).statusCode).toBe(404);
    expect((await asOrganizer('GET', `/api/v1/events/${event.eventId}/gate-stats`, undefined, stranger.token)).statusCode).toBe(404);
  });

  it('counts entries per minute and gate, refusals by reason, and tickets admitted twice', async () => {
    const door = async (name: string) => (await asOrganizer('POST', `/api/v1/events/${event.eventId}/gate-devices`, { name })).json().token as string;
    const [north, south] = [await door('north scanner'), await door('south scanner')];
    const visitor = await wallet();
    const [a, b, c, d] = await buyTickets(visitor, event, 4);
    const qr = (t: HeldTicket, at: Date) => qrFor(t.credential, visitor.privateKey, at);
    const ago = (s: number) => new Date(server.clock().getTime() - s * 1000);
    // Each scanner uploads its own offline verdict, as the scanner app does.
    const scan = async (token: string, t: HeldTicket, at: Date, gate: string, localVerdict: 'accepted' | 'rejected' = 'accepted') =>
      (await uploadScan(server.app, token, await qr(t, at), { at, gate, localVerdict })).verdict;

    expect(await scan(north, a!, ago(5), 'north')).toBe('accepted');
    // The same scanner sees the ticket again: it knew, so that is a refusal, not a double admission.
    expect(await scan(north, a!, ago(2), 'north', 'rejected')).toBe('rejected');
    // Two offline scanners both let b in; the second upload is refused, too late.
    expect(await scan(north, b!, ago(20), 'north')).toBe('accepted');
    expect(await scan(south, b!, ago(10), 'south')).toBe('rejected');
    // c: an earlier scan arrives late and becomes the check-in; the recorded one is demoted.
    expect(await scan(north, c!, ago(5), 'north')).toBe('accepted');
    expect(await scan(south, c!, ago(8), 'south')).toBe('accepted');
    // d: the south scanner had synced the pack with d's check-in, so it refused d itself.
    expect(await scan(north, d!, ago(3), 'north')).toBe('accepted');
    server.clock.advance(120);
    expect(await scan(south, d!, ago(1), 'south', 'rejected')).toBe('rejected');
    expect((await uploadScan(server.app, north, 'not a ticket', { at: ago(1) })).verdict).toBe('rejected');

    const stats = (await asOrganizer('GET', `/api/v1/events/${event.eventId}/gate-stats`)).json();
    const entries = [
      { at: ago(125), gate: 'north' }, { at: ago(140), gate: 'north' }, { at: ago(128), gate: 'south' }, { at: ago(123), gate: 'north' },
    ];
    const perMinute = new Map<string, number>();
    for (const e of entries) perMinute.set(`${bucketStart(e.at, 'minute')}|${e.gate}`, (perMinute.get(`${bucketStart(e.at, 'minute')}|${e.gate}`) ?? 0) + 1);
    expect(stats.entriesPerMinute).toEqual(
      [...perMinute].map(([k, count]) => ({ minute: k.split('|')[0], gate: k.split('|')[1], count })).sort((x, y) => `${x.minute}${x.gate}`.localeCompare(`${y.minute}${y.gate}`)),
    );
    expect(stats.accepted).toBe(4);
    expect(stats.refused).toBe(5);
    expect(stats.refusedByReason.already_used).toBe(4);
    expect(Object.values(stats.refusedByReason as Record<string, number>).reduce((s, v) => s + v, 0)).toBe(5);
    expect(stats.duplicates).toBe(2);
  });

  it('shows gate staff the doors but not the money', async () => {
    const invite = (await asOrganizer('POST', '/api/v1/staff/invites', { role: 'gate' })).json();
    const gate = await server.app.inject({ method: 'POST', url: '/api/v1/staff/invites/accept', payload: { token: invite.token, name: 'Gus', email: `gus${Date.now()}@example.org`, password: 'correct horse battery' } });
    const token = gate.json().token as string;
    expect((await asOrganizer('GET', `/api/v1/events/${event.eventId}/gate-stats`, undefined, token)).statusCode).toBe(200);
    expect((await asOrganizer('GET', `/api/v1/events/${event.eventId}/sales`, undefined, token)).statusCode).toBe(403);
  });
});
