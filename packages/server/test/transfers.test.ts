import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/dialects.ts';
import { bearer, organizerRequest, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { qrFor } from './support/presentations.ts';
import { buyTickets } from './support/purchases.ts';
import { uploadScan } from './support/scans.ts';
import { TestWallet } from './support/wallet.ts';

describe.each(dialects)('claim links and transfer policies on $name', (dialect) => {
  let server: TestServer;
  let organizer: Awaited<ReturnType<typeof signUp>>;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    organizer = await signUp(server.app);
  });
  afterAll(() => server.stop());

  const asOrganizer = organizerRequest(() => server.app, () => organizer.token);

  async function eventWith(policy: object, extra: object = {}) {
    const startsAt = new Date(server.clock().getTime() + 7 * 86_400_000);
    const event = await asOrganizer('POST', '/api/v1/events', {
      name: 'Group Night', venue: 'Tivoli', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 4 * 3_600_000).toISOString(),
      transferPolicy: policy, ...extra,
    });
    const eventId = event.json().id as string;
    const ticketTypeId = (await asOrganizer('POST', `/api/v1/events/${eventId}/ticket-types`, { name: 'GA', priceCents: 4000, currency: 'EUR', capacity: 50 })).json().id as string;
    await asOrganizer('POST', `/api/v1/events/${eventId}/publish`);
    const gateToken = (await asOrganizer('POST', `/api/v1/events/${eventId}/gate-devices`, { name: 'door' })).json().token as string;
    return { eventId, ticketTypeId, gateToken };
  }

  const buy = buyTickets;

  const ticketsOf = async (wallet: TestWallet, eventId: string) =>
    (await wallet.request('GET', '/api/v1/me/tickets')).json().tickets.filter((t: { eventId: string }) => t.eventId === eventId) as {
      id: string; seq: number; credential: string; claimable: boolean; state: string;
    }[];

  const link = (wallet: TestWallet, ticketId: string) => wallet.request('POST', `/api/v1/tickets/${ticketId}/claim-links`);
  const claim = (wallet: TestWallet, claimToken: string) => wallet.request('POST', '/api/v1/claims', { claimToken });
  const friend = () => TestWallet.withAccount(server.app, server.clock);

  const scan = (gateToken: string, qr: string) => uploadScan(server.app, gateToken, qr, { at: server.clock() });

  it('a buyer of 4 hands 3 on: reach goes from 0.25 to 1.0 and only the new phones get in', async () => {
    const event = await eventWith({ mode: 'none' });
    const buyer = await TestWallet.withAccount(server.app, server.clock);
    const tickets = await buy(buyer, event, 4);
    const reach = async () => (await asOrganizer('GET', `/api/v1/events/${event.eventId}/insights`)).json().reachRate;
    expect(await reach()).toBe(0.25);

    const friends = [await friend(), await friend(), await friend()];
    for (const [i, f] of friends.entries()) {
      const made = await link(buyer, tickets[i]!.id);
      expect(made.statusCode).toBe(201);
      expect(made.json().url).toBe(`http://localhost:3000/wallet/claim#${made.json().claimToken}`);
      const claimed = await claim(f, made.json().claimToken);
      expect(claimed.statusCode).toBe(200);
      expect(claimed.json().ticket).toMatchObject({ id: tickets[i]!.id, seq: 2 });
    }
    expect(await reach()).toBe(1);
    expect(await ticketsOf(buyer, event.eventId)).toHaveLength(1);

    const [moved] = await ticketsOf(friends[0]!, event.eventId);
    expect(moved).toMatchObject({ seq: 2, claimable: false });
    expect(await scan(event.gateToken, await qrFor(tickets[0]!.credential, buyer.privateKey, server.clock()))).toMatchObject({ reason: 'superseded' });
    expect(await scan(event.gateToken, await qrFor(moved!.credential, friends[0]!.privateKey, server.clock()))).toMatchObject({ verdict: 'accepted' });

    const history = (await asOrganizer('GET', `/api/v1/events/${event.eventId}/transfers`)).json().transfers;
    expect(history).toHaveLength(3);
    expect(history[0]).toMatchObject({ reason: 'claim', seq: 2, from: expect.any(String), to: expect.any(String) });
    expect(JSON.stringify(history)).not.toContain(buyer.accountId);
    expect(new Set(history.map((h: { from: string }) => h.from)).size).toBe(1);
  });

  it('lets exactly one of two phones claim a link at the same moment', async () => {
    const event = await eventWith({ mode: 'none' });
    const buyer = await TestWallet.withAccount(server.app, server.clock);
    const [ticket] = await buy(buyer, event, 1);
    const { claimToken } = (await link(buyer, ticket!.id)).json();
    const phones = await Promise.all([1, 2, 3, 4].map(() => friend()));
    const results = await Promise.all(phones.map((p) => claim(p, claimToken)));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    const losers = results.filter((r) => r.statusCode !== 200);
    expect(losers.map((r) => [r.statusCode, r.json().error.code])).toEqual([[409, 'already_claimed'], [409, 'already_claimed'], [409, 'already_claimed']]);
    const rows = await server.storage.db.selectFrom('transfers').selectAll().where('ticket_id', '=', ticket!.id).execute();
    expect(rows).toHaveLength(1);
  });

  it('follows the policy: none keeps a claimed ticket, limited allows N more moves, exchange refuses claims', async () => {
    for (const [policy, friendMayPassOn] of [[{ mode: 'none' }, 0], [{ mode: 'limited', maxTransfers: 2 }, 2], [{ mode: 'exchange' }, 0]] as const) {
      const event = await eventWith(policy);
      const buyer = await TestWallet.withAccount(server.app, server.clock);
      const [ticket] = await buy(buyer, event, 1);
      let holder = buyer;
      const first = await friend();
      expect((await claim(first, (await link(holder, ticket!.id)).json().claimToken)).statusCode).toBe(200);
      holder = first;
      for (let move = 0; move < friendMayPassOn; move += 1) {
        const next = await friend();
        expect((await ticketsOf(holder, event.eventId))[0]!.claimable).toBe(true);
        expect((await claim(next, (await link(holder, ticket!.id)).json().claimToken)).statusCode, `${policy.mode} move ${move}`).toBe(200);
        holder = next;
      }
      expect((await ticketsOf(holder, event.eventId))[0]!.claimable).toBe(false);
      const refused = await link(holder, ticket!.id);
      expect(refused.statusCode, policy.mode).toBe(409);
      expect(refused.json().error.code).toBe('transfer_not_allowed');
    }
  });

  it('never hands on a revoked or checked-in ticket, and a revoked one is refused at the gate', async () => {
    const event = await eventWith({ mode: 'limited', maxTransfers: 3 });
    const buyer = await TestWallet.withAccount(server.app, server.clock);
    const [kept, revoked] = await buy(buyer, event, 2);
    const open = (await link(buyer, revoked!.id)).json().claimToken;
    const before = (await server.app.inject({ method: 'GET', url: '/api/v1/gate/pack', headers: bearer(event.gateToken) })).json().cursor;

    const res = await asOrganizer('POST', `/api/v1/events/${event.eventId}/tickets/${revoked!.id}/revoke`, { reason: 'refund requested' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ticket: { state: 'revoked' }, refund: { amountCents: 4000, currency: 'EUR' } });
    expect((await asOrganizer('POST', `/api/v1/events/${event.eventId}/tickets/${revoked!.id}/revoke`, { reason: 'again' })).statusCode).toBe(409);
    const delta = (await server.app.inject({ method: 'GET', url: `/api/v1/gate/pack?since=${before}`, headers: bearer(event.gateToken) })).json();
    expect(delta.subjects).toEqual([[revoked!.id, 1, 'revoked', event.ticketTypeId]]);
    expect(await scan(event.gateToken, await qrFor(revoked!.credential, buyer.privateKey, server.clock()))).toMatchObject({ reason: 'revoked' });
    expect((await claim(await friend(), open)).statusCode).toBe(404);
    expect((await link(buyer, revoked!.id)).json().error.code).toBe('transfer_not_allowed');
    const refunds = await server.storage.db.selectFrom('refunds').selectAll().where('ticket_id', '=', revoked!.id).execute();
    expect(refunds).toHaveLength(1);
    expect((await server.app.inject({ method: 'GET', url: `/api/v1/events/${event.eventId}` })).json().ticketTypes[0].available).toBe(49);

    const pending = (await link(buyer, kept!.id)).json().claimToken;
    expect(await scan(event.gateToken, await qrFor(kept!.credential, buyer.privateKey, server.clock()))).toMatchObject({ verdict: 'accepted' });
    const late = await claim(await friend(), pending);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('transfer_not_allowed');
  });

  it('cancelling an event revokes and refunds every ticket and fails pending orders', async () => {
    const event = await eventWith({ mode: 'none' });
    const buyer = await TestWallet.withAccount(server.app, server.clock);
    const tickets = await buy(buyer, event, 3);
    const late = await friend();
    const pending = (await late.request('POST', '/api/v1/orders', { eventId: event.eventId, items: [{ ticketTypeId: event.ticketTypeId, quantity: 2 }] })).json().order;
    expect((await asOrganizer('POST', `/api/v1/events/${event.eventId}/cancel`)).json().status).toBe('cancelled');
    expect((await late.request('GET', `/api/v1/orders/${pending.id}`)).json().order.status).toBe('failed');
    expect((await ticketsOf(buyer, event.eventId)).map((t) => t.state)).toEqual(['revoked', 'revoked', 'revoked']);
    const refunds = await server.storage.db.selectFrom('refunds').selectAll().where('ticket_id', 'in', tickets.map((t) => t.id)).execute();
    expect(refunds.map((r) => [r.amount_cents, r.reason])).toEqual([[4000, 'event cancelled'], [4000, 'event cancelled'], [4000, 'event cancelled']]);
    expect(await scan(event.gateToken, await qrFor(tickets[0]!.credential, buyer.privateKey, server.clock()))).toMatchObject({ reason: 'revoked' });
  });

  it('counts received tickets against maxTicketsPerAccount', async () => {
    const event = await eventWith({ mode: 'limited', maxTransfers: 5 }, { maxTicketsPerAccount: 2 });
    const buyer = await TestWallet.withAccount(server.app, server.clock);
    const tickets = await buy(buyer, event, 2);
    const collector = await friend();
    await buy(collector, event, 1);
    expect((await claim(collector, (await link(buyer, tickets[0]!.id)).json().claimToken)).statusCode).toBe(200);
    const over = await claim(collector, (await link(buyer, tickets[1]!.id)).json().claimToken);
    expect(over.statusCode).toBe(409);
    expect(over.json().error.code).toBe('limit_exceeded');
    const buyMore = await collector.request('POST', '/api/v1/orders', { eventId: event.eventId, items: [{ ticketTypeId: event.ticketTypeId, quantity: 1 }] });
    expect(buyMore.json().error.code).toBe('limit_exceeded');
  });

  it('lets the holder withdraw an open link, and replaces it with a new one', async () => {
    const event = await eventWith({ mode: 'none' });
    const buyer = await TestWallet.withAccount(server.app, server.clock);
    const [ticket] = await buy(buyer, event, 1);
    const first = (await link(buyer, ticket!.id)).json().claimToken;
    const second = (await link(buyer, ticket!.id)).json().claimToken;
    expect((await claim(await friend(), first)).statusCode).toBe(404);
    expect((await buyer.request('DELETE', `/api/v1/tickets/${ticket!.id}/claim-links`)).statusCode).toBe(204);
    expect((await claim(await friend(), second)).statusCode).toBe(404);
    expect((await buyer.request('DELETE', `/api/v1/tickets/${ticket!.id}/claim-links`)).statusCode).toBe(409);
    const stranger = await friend();
    expect((await link(stranger, ticket!.id)).statusCode).toBe(404);
  });

  it('rate-limits claim attempts per phone', async () => {
    const guesser = await friend();
    const codes: number[] = [];
    for (let i = 0; i < 12; i += 1) codes.push((await claim(guesser, `guess-${i}`)).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 404)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
  });
});
