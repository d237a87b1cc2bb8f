import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/dialects.ts';
import { bearer, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { TestWallet } from './support/wallet.ts';

describe.each(dialects)('events and ticket types on $name', (dialect) => {
  let server: TestServer;
  let auth: { authorization: string };
  beforeAll(async () => {
    server = await startTestServer(dialect);
    auth = bearer((await signUp(server.app)).token);
  });
  afterAll(() => server.stop());

  const inject = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    server.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
  const times = { startsAt: '2027-06-01T18:00:00Z', endsAt: '2027-06-01T23:00:00Z' };

  async function draft(extra: object = {}) {
    const res = await inject('POST', '/api/v1/events', { name: 'Summer Gig', venue: 'Vondelpark', ...times, ...extra });
    expect(res.statusCode).toBe(201);
    return res.json();
  }

  it('creates a draft that the public cannot see until it is published', async () => {
    const event = await draft({ doorsAt: '2027-06-01T17:00:00Z', transferPolicy: { mode: 'limited', maxTransfers: 2 }, maxTicketsPerAccount: 4 });
    expect(event).toMatchObject({ status: 'draft', transferPolicy: { mode: 'limited', maxTransfers: 2 }, maxTicketsPerAccount: 4, scanWindowSeconds: 15 });
    expect((await server.app.inject({ method: 'GET', url: `/api/v1/events/${event.id}` })).statusCode).toBe(404);
    expect((await inject('GET', `/api/v1/events/${event.id}`)).json().status).toBe('draft');

    const early = await inject('POST', `/api/v1/events/${event.id}/publish`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toMatch(/ticket type/);

    const type = await inject('POST', `/api/v1/events/${event.id}/ticket-types`, { name: 'Early bird', priceCents: 1999, currency: 'EUR', capacity: 250 });
    expect(type.statusCode).toBe(201);
    expect((await inject('POST', `/api/v1/events/${event.id}/publish`)).json().status).toBe('on_sale');

    const pub = await server.app.inject({ method: 'GET', url: `/api/v1/events/${event.id}` });
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toMatchObject({ id: event.id, name: 'Summer Gig', venue: 'Vondelpark', status: 'on_sale', startsAt: '2027-06-01T18:00:00.000Z' });
    expect(pub.json().ticketTypes).toEqual([
      { id: type.json().id, name: 'Early bird', kind: 'admission', requiresAdmission: false, priceCents: 1999, currency: 'EUR', available: 250, salesStopped: false },
    ]);
  });

  it('shows live availability as holds come and go', async () => {
    const event = await draft();
    const typeId = (await inject('POST', `/api/v1/events/${event.id}/ticket-types`, { name: 'GA', priceCents: 500, currency: 'EUR', capacity: 10 })).json().id;
    await inject('POST', `/api/v1/events/${event.id}/publish`);
    const wallet = await TestWallet.withAccount(server.app, server.clock);
    await wallet.request('POST', '/api/v1/orders', { eventId: event.id, items: [{ ticketTypeId: typeId, quantity: 3 }] });
    const view = await server.app.inject({ method: 'GET', url: `/api/v1/events/${event.id}` });
    expect(view.json().ticketTypes[0].available).toBe(7);
    const shrink = await inject('PATCH', `/api/v1/events/${event.id}/ticket-types/${typeId}`, { capacity: 2 });
    expect(shrink.statusCode).toBe(409);
    expect(shrink.json().error.message).toMatch(/3 tickets already held or sold/);
    const reprice = await inject('PATCH', `/api/v1/events/${event.id}/ticket-types/${typeId}`, { priceCents: 900 });
    expect(reprice.statusCode).toBe(409);
    expect((await inject('PATCH', `/api/v1/events/${event.id}/ticket-types/${typeId}`, { capacity: 20 })).json().available).toBe(17);
  });

  it('refuses absurd events and ticket types with 400 naming the field', async () => {
    const event = await draft();
    const cases: [string, object, RegExp][] = [
      ['/api/v1/events', { name: 'X', venue: 'Y', startsAt: times.endsAt, endsAt: times.startsAt }, /endsAt must be after startsAt/],
      ['/api/v1/events', { name: 'X', venue: 'Y', ...times, doorsAt: '2027-06-01T19:00:00Z' }, /doorsAt/],
      ['/api/v1/events', { name: 'X', venue: 'Y', startsAt: 'tomorrow', endsAt: times.endsAt }, /body\.startsAt must be a valid date-time/],
      ['/api/v1/events', { name: '', venue: 'Y', ...times }, /body\.name/],
      ['/api/v1/events', { name: 'X', venue: 'Y', ...times, transferPolicy: { mode: 'limited' } }, /maxTransfers is required/],
      ['/api/v1/events', { name: 'X', venue: 'Y', ...times, transferPolicy: { mode: 'resell' } }, /body\.transferPolicy\.mode/],
      [`/api/v1/events/${event.id}/ticket-types`, { name: 'A', priceCents: 100, currency: 'EUR', capacity: -5 }, /body\.capacity must be >= 1/],
      [`/api/v1/events/${event.id}/ticket-types`, { name: 'A', priceCents: -1, currency: 'EUR', capacity: 5 }, /body\.priceCents/],
      [`/api/v1/events/${event.id}/ticket-types`, { name: 'A', priceCents: 1.5, currency: 'EUR', capacity: 5 }, /body\.priceCents must be integer/],
      [`/api/v1/events/${event.id}/ticket-types`, { name: 'A', priceCents: 100, currency: 'euro', capacity: 5 }, /body\.currency/],
    ];
    for (const [url, body, message] of cases) {
      const res = await inject('POST', url, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.message).toMatch(message);
    }
    await inject('POST', `/api/v1/events/${event.id}/ticket-types`, { name: 'A', priceCents: 100, currency: 'EUR', capacity: 5 });
    const usd = await inject('POST', `/api/v1/events/${event.id}/ticket-types`, { name: 'B', priceCents: 100, currency: 'USD', capacity: 5 });
    expect(usd.statusCode).toBe(400);
    expect(usd.json().error.message).toMatch(/currency must be EUR/);
  });

  it('follows the status transitions and edits only live events', async () => {
    const event = await draft();
    const typeId = (await inject('POST', `/api/v1/events/${event.id}/ticket-types`, { name: 'A', priceCents: 100, currency: 'EUR', capacity: 5 })).json().id;
    expect((await inject('PATCH', `/api/v1/events/${event.id}`, { name: 'Renamed' })).json().name).toBe('Renamed');
    const badEdit = await inject('PATCH', `/api/v1/events/${event.id}`, { endsAt: '2027-05-01T00:00:00Z' });
    expect(badEdit.statusCode).toBe(400);
    expect((await inject('POST', `/api/v1/events/${event.id}/cancel`)).json().status).toBe('cancelled');
    const republish = await inject('POST', `/api/v1/events/${event.id}/publish`);
    expect(republish.statusCode).toBe(409);
    expect(republish.json().error.message).toBe('an event that is cancelled cannot become on_sale');
    expect((await inject('PATCH', `/api/v1/events/${event.id}`, { name: 'Too late' })).statusCode).toBe(409);
    const typeEdit = await inject('PATCH', `/api/v1/events/${event.id}/ticket-types/${typeId}`, { name: 'Too late', capacity: 50 });
    expect(typeEdit.statusCode).toBe(409);
    expect(typeEdit.json().error.message).toBe('the ticket types of an event that is cancelled cannot change');
    expect((await inject('POST', `/api/v1/events/${event.id}/ticket-types`, { name: 'B', priceCents: 100, currency: 'EUR', capacity: 5 })).statusCode).toBe(409);
  });

  it('answers unknown ids and routes with 404 in the error shape', async () => {
    const missing = await server.app.inject({ method: 'GET', url: '/api/v1/events/00000000-0000-4000-8000-000000000000' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
    const badId = await server.app.inject({ method: 'GET', url: '/api/v1/events/42' });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.message).toMatch(/params\.eventId must be a valid uuid/);
    const noRoute = await server.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(noRoute.statusCode).toBe(404);
    expect(noRoute.json().error.code).toBe('not_found');
  });
});
