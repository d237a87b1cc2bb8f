import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/dialects.ts';
import { bearer, publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';

describe.each(dialects)('organizers and tenants on $name', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(() => server.stop());

  const post = (url: string, payload: object, headers = {}) => server.app.inject({ method: 'POST', url, payload, headers });

  it('signs up, refuses the same email twice, and signs in', async () => {
    const res = await post('/api/v1/organizers', { name: 'Tivoli', email: 'Boss@Tivoli.example', password: 'a long enough password' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ organizer: { name: 'Tivoli' }, token: expect.stringMatching(/^tgo_/) });
    const twice = await post('/api/v1/organizers', { name: 'Copy', email: 'boss@tivoli.example', password: 'another long password' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('email_taken');
    const session = await post('/api/v1/sessions', { email: 'boss@tivoli.example', password: 'a long enough password' });
    expect(session.statusCode).toBe(200);
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/events', headers: bearer(session.json().token) })).statusCode).toBe(200);
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    await signUp(server.app);
    for (const body of [{ email: 'boss@tivoli.example', password: 'wrong password' }, { email: 'nobody@example.org', password: 'whatever it is' }]) {
      const res = await post('/api/v1/sessions', body);
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toEqual({ code: 'unauthorized', message: 'email or password is wrong' });
    }
  });

  it('names the bad field of a sign-up', async () => {
    const cases: [object, RegExp][] = [
      [{ name: 'X', email: 'x@example.org', password: 'short' }, /body\.password must NOT have fewer than 10 characters/],
      [{ name: 'X', email: 'not an email', password: 'long enough pass' }, /body\.email must be a valid email/],
      [{ email: 'x@example.org', password: 'long enough pass' }, /body\.name is required/],
      [{ name: 7, email: 'x@example.org', password: 'long enough pass' }, /body\.name must be string/],
    ];
    for (const [body, message] of cases) {
      const res = await post('/api/v1/organizers', body);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toMatch(message);
    }
  });

  it('requires a valid token on organizer routes', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/events' })).statusCode).toBe(401);
    const garbage = await server.app.inject({ method: 'GET', url: '/api/v1/events', headers: bearer('tgo_forged') });
    expect(garbage.statusCode).toBe(401);
    expect(garbage.json().error.code).toBe('unauthorized');
  });

  it("never shows one tenant another tenant's event: 404 on every route", async () => {
    const a = await signUp(server.app, 'Tenant A');
    const b = await signUp(server.app, 'Tenant B');
    const { eventId, ticketTypeId } = await publishedEvent(server.app, a.token);
    const asB = bearer(b.token);
    const attempts = [
      server.app.inject({ method: 'PATCH', url: `/api/v1/events/${eventId}`, headers: asB, payload: { name: 'Hijacked' } }),
      server.app.inject({ method: 'POST', url: `/api/v1/events/${eventId}/cancel`, headers: asB }),
      server.app.inject({ method: 'POST', url: `/api/v1/events/${eventId}/ticket-types`, headers: asB, payload: { name: 'X', priceCents: 1, currency: 'EUR', capacity: 1 } }),
      server.app.inject({ method: 'PATCH', url: `/api/v1/events/${eventId}/ticket-types/${ticketTypeId}`, headers: asB, payload: { capacity: 1 } }),
      server.app.inject({ method: 'GET', url: `/api/v1/events/${eventId}/insights`, headers: asB }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    const listed = await server.app.inject({ method: 'GET', url: '/api/v1/events', headers: asB });
    expect(listed.json().events).toEqual([]);
    const view = await server.app.inject({ method: 'GET', url: `/api/v1/events/${eventId}`, headers: asB });
    expect(view.json()).not.toHaveProperty('organizerId');
    expect(view.json().name).toBe('Night of Tests');
  });
});
