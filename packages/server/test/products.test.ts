import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/dialects.ts';
import { bearer, organizerRequest, publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { TestWallet } from './support/wallet.ts';

/**
 * Products beside the tickets: a weekend festival sells parking that only ticket holders may buy.
 * Add-ons are bound to the phone like tickets and counted apart in the organizer's figures.
 */
describe.each(dialects)('products and add-ons on $name', (dialect) => {
  let server: TestServer;
  let token: string;
  let event: { eventId: string; ticketTypeId: string };
  let parkingId: string;
  const asOrganizer = organizerRequest(() => server.app, () => token);

  const order = (wallet: TestWallet, items: [string, number][]) =>
    wallet.request('POST', '/api/v1/orders', { eventId: event.eventId, items: items.map(([ticketTypeId, quantity]) => ({ ticketTypeId, quantity })) });

  async function pay(wallet: TestWallet, items: [string, number][]) {
    const placed = await order(wallet, items);
    expect(placed.statusCode, placed.body).toBe(201);
    const paid = await wallet.request('POST', `/api/v1/orders/${placed.json().order.id}/sandbox-payment`, { outcome: 'paid' });
    expect(paid.statusCode).toBe(200);
    return placed.json().order.id as string;
  }

  beforeAll(async () => {
    server = await startTestServer(dialect);
    token = (await signUp(server.app)).token;
    event = await publishedEvent(server.app, token, { capacity: 100, priceCents: 12_000 });
    const parking = await asOrganizer('POST', `/api/v1/events/${event.eventId}/ticket-types`, { name: 'Parking', priceCents: 1500, currency: 'EUR', capacity: 3, kind: 'addon' });
    expect(parking.statusCode, parking.body).toBe(201);
    expect(parking.json()).toMatchObject({ kind: 'addon', requiresAdmission: true, available: 3, salesStopped: false });
    parkingId = parking.json().id;
  });
  afterAll(() => server.stop());

  it('sells a weekend ticket and parking in one order, each bound to the phone with a credential of its own', async () => {
    const wallet = await TestWallet.withAccount(server.app, server.clock);
    const orderId = await pay(wallet, [[event.ticketTypeId, 1], [parkingId, 1]]);
    const mine = (await wallet.request('GET', '/api/v1/me/tickets')).json().tickets;
    expect(mine.map((t: { kind: string }) => t.kind).sort()).toEqual(['addon', 'admission']);
    expect(new Set(mine.map((t: { credential: string }) => t.credential)).size).toBe(2);
    const view = (await wallet.request('GET', `/api/v1/orders/${orderId}`)).json();
    expect(view.order).toMatchObject({ status: 'paid', totalCents: 13_500 });
    expect(view.order.tickets.find((t: { ticketTypeId: string }) => t.ticketTypeId === parkingId)).toMatchObject({ kind: 'addon', state: 'valid' });
  });

  it('refuses parking alone without a ticket (admission_required), and sells it later to a holder', async () => {
    const wallet = await TestWallet.withAccount(server.app, server.clock);
    const refused = await order(wallet, [[parkingId, 1]]);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'admission_required', message: expect.stringContaining('Parking') });
    const parking = (await asOrganizer('GET', `/api/v1/events/${event.eventId}`)).json().ticketTypes.find((t: { id: string }) => t.id === parkingId);
    expect(parking.taken).toBe(1); // nothing held by the refused order
    await pay(wallet, [[event.ticketTypeId, 1]]);
    await pay(wallet, [[parkingId, 1]]);
    expect((await wallet.request('GET', '/api/v1/me/tickets')).json().tickets).toHaveLength(2);
  });

  it('sells an add-on without admission when the organizer says so', async () => {
    const locker = await asOrganizer('POST', `/api/v1/events/${event.eventId}/ticket-types`, { name: 'Locker', priceCents: 500, currency: 'EUR', capacity: 10, kind: 'addon', requiresAdmission: false });
    expect(locker.json()).toMatchObject({ requiresAdmission: false });
    const wallet = await TestWallet.withAccount(server.app, server.clock);
    expect((await order(wallet, [[locker.json().id, 1]])).statusCode).toBe(201);
  });

  it('refuses an add-on order over its capacity as sold_out, holding nothing of the order', async () => {
    const wallet = await TestWallet.withAccount(server.app, server.clock);
    const before = (await asOrganizer('GET', `/api/v1/events/${event.eventId}`)).json().ticketTypes;
    const res = await order(wallet, [[event.ticketTypeId, 2], [parkingId, 2]]);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('sold_out');
    expect((await asOrganizer('GET', `/api/v1/events/${event.eventId}`)).json().ticketTypes).toEqual(before);
  });

  it('stops and resumes sales of a product; what was sold stays valid', async () => {
    const stop = await asOrganizer('PATCH', `/api/v1/events/${event.eventId}/ticket-types/${parkingId}`, { salesStopped: true });
    expect(stop.json()).toMatchObject({ salesStopped: true, available: 0 });
    const wallet = await TestWallet.withAccount(server.app, server.clock);
    const refused = await order(wallet, [[event.ticketTypeId, 1], [parkingId, 1]]);
    expect(refused.json().error).toMatchObject({ code: 'sales_stopped', message: 'Parking is no longer for sale' });
    const resume = await asOrganizer('PATCH', `/api/v1/events/${event.eventId}/ticket-types/${parkingId}`, { salesStopped: false });
    expect(resume.json()).toMatchObject({ salesStopped: false, available: 1 });
  });

  it('refuses requiresAdmission on an admission type, and an unknown kind', async () => {
    const url = `/api/v1/events/${event.eventId}/ticket-types`;
    const admission = await asOrganizer('POST', url, { name: 'Day', priceCents: 100, currency: 'EUR', capacity: 1, requiresAdmission: false });
    expect(admission.statusCode).toBe(400);
    expect(admission.json().error.message).toMatch(/requiresAdmission/);
    const unknown = await asOrganizer('POST', url, { name: 'Day', priceCents: 100, currency: 'EUR', capacity: 1, kind: 'merch' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toMatch(/kind/);
  });

  it('counts add-ons apart: tickets, holders and reach are about visitors; add-on revenue and buyers on their own', async () => {
    const insights = (await asOrganizer('GET', `/api/v1/events/${event.eventId}/insights`)).json();
    expect(insights).toMatchObject({ ticketsSold: 2, ticketHolders: 2, reachRate: 1, addons: { sold: 2, buyers: 2, revenueCents: 3000 } });
    expect(insights.ticketTypes.find((t: { id: string }) => t.id === parkingId)).toMatchObject({ kind: 'addon', sold: 2 });
    const csv = (await server.app.inject({ method: 'GET', url: `/api/v1/events/${event.eventId}/orders.csv`, headers: bearer(token) })).body;
    expect(csv).toContain('"1 × Standing, 1 × Parking"');
  });

  it('keeps the per-phone limit for tickets: add-ons beside them do not count', async () => {
    const limited = await publishedEvent(server.app, token, { maxTicketsPerAccount: 1 });
    const extra = await asOrganizer('POST', `/api/v1/events/${limited.eventId}/ticket-types`, { name: 'Camping', priceCents: 100, currency: 'EUR', capacity: 5, kind: 'addon' });
    const wallet = await TestWallet.withAccount(server.app, server.clock);
    const items = [{ ticketTypeId: limited.ticketTypeId, quantity: 1 }, { ticketTypeId: extra.json().id, quantity: 2 }];
    expect((await wallet.request('POST', '/api/v1/orders', { eventId: limited.eventId, items })).statusCode).toBe(201);
    const more = await wallet.request('POST', '/api/v1/orders', { eventId: limited.eventId, items: [{ ticketTypeId: limited.ticketTypeId, quantity: 1 }] });
    expect(more.json().error.code).toBe('limit_exceeded');
  });

  it('takes an Idempotency-Key for an add-on order like any other', async () => {
    const wallet = await TestWallet.withAccount(server.app, server.clock);
    const key = randomUUID();
    const items = [{ ticketTypeId: event.ticketTypeId, quantity: 1 }];
    const first = await wallet.request('POST', '/api/v1/orders', { eventId: event.eventId, items }, { 'idempotency-key': key });
    const again = await wallet.request('POST', '/api/v1/orders', { eventId: event.eventId, items }, { 'idempotency-key': key });
    expect(again.json().order.id).toBe(first.json().order.id);
  });
});
