import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/dialects.ts';
import { bearer, signUp, startTestServer, type TestServer } from './support/harness.ts';

describe.each(dialects)('session and staff on $name', (dialect) => {
  let server: TestServer;
  let owner: Awaited<ReturnType<typeof signUp>>;
  let stranger: Awaited<ReturnType<typeof signUp>>;

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, token?: string, payload?: object) =>
    server.app.inject({ method, url, headers: token ? bearer(token) : {}, ...(payload ? { payload } : {}) });
  const invite = async (role: string, token = owner.token) => (await call('POST', '/api/v1/staff/invites', token, { role })).json();
  let joined = 0;
  const accept = (token: string, name = 'Sam') => {
    joined += 1;
    return call('POST', '/api/v1/staff/invites/accept', undefined, { token, name, email: `staff${joined}-${Date.now()}@example.org`, password: 'correct horse battery' });
  };
  /** A new member with the role, signed in: their session token and staff id. */
  async function member(role: string) {
    const res = await accept((await invite(role)).token);
    const token = res.json().token as string;
    return { token, id: (await call('GET', '/api/v1/session', token)).json().staff.id as string };
  }

  beforeAll(async () => {
    server = await startTestServer(dialect);
    owner = await signUp(server.app, 'Paradiso');
    stranger = await signUp(server.app, 'Other tenant');
  });
  afterAll(() => server.stop());

  it('tells the signed-in member who they are and what their role may do', async () => {
    const res = await call('GET', '/api/v1/session', owner.token);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.organizer).toEqual({ id: owner.organizerId, name: 'Paradiso' });
    expect(body.staff).toMatchObject({ id: expect.any(String), email: owner.email, role: 'owner' });
    expect(body.permissions).toEqual(expect.arrayContaining(['staff.manage', 'webhooks.manage', 'events.write']));
    const gate = await member('gate');
    const gateView = (await call('GET', '/api/v1/session', gate.token)).json();
    expect(gateView.staff.role).toBe('gate');
    expect(gateView.permissions).toContain('events.read');
    expect(gateView.permissions).not.toContain('events.write');
    expect(gateView.permissions).not.toContain('staff.manage');
    expect((await call('GET', '/api/v1/session')).statusCode).toBe(401);
  });

  it('invites with a one-time link that signs the new member in with the role', async () => {
    const created = await call('POST', '/api/v1/staff/invites', owner.token, { role: 'manager' });
    expect(created.statusCode).toBe(201);
    const { id, token, url, expiresAt, role } = created.json();
    expect(role).toBe('manager');
    expect(url).toBe(`http://localhost:3000/dashboard/invite#${token}`);
    // 7 days, and at least 128 bits of randomness in the token.
    expect(Date.parse(expiresAt) - server.clock().getTime()).toBe(7 * 24 * 3600 * 1000);
    expect(Buffer.from(token.replace(/^tgi_/, ''), 'base64url').length).toBeGreaterThanOrEqual(16);
    expect((await call('GET', '/api/v1/staff', owner.token)).json().invites.map((i: { id: string }) => i.id)).toContain(id);
    const stored = await server.storage.db.selectFrom('staff_invites').select('token_hash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(createHash('sha256').update(token).digest('hex'));

    const res = await accept(token, 'Mira Manager');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ organizer: { id: owner.organizerId, name: 'Paradiso' }, token: expect.any(String), role: 'manager' });
    const me = (await call('GET', '/api/v1/session', res.json().token)).json();
    expect(me.staff).toMatchObject({ name: 'Mira Manager', role: 'manager' });
    expect(me.organizer.id).toBe(owner.organizerId);
    // Used once: the second use is refused and the invite no longer shows as open.
    expect((await accept(token)).json().error.code).toBe('invite_used');
    expect((await accept(token)).statusCode).toBe(409);
    const listed = (await call('GET', '/api/v1/staff', owner.token)).json();
    expect(listed.invites.map((i: { id: string }) => i.id)).not.toContain(id);
    expect(listed.staff).toContainEqual({ id: me.staff.id, email: me.staff.email, name: 'Mira Manager', role: 'manager', createdAt: expect.any(String) });
  });

  it('lets exactly one of two simultaneous acceptances of an invite through', async () => {
    const count = async () => (await call('GET', '/api/v1/staff', owner.token)).json().staff.length as number;
    const before = await count();
    const { token } = await invite('manager');
    const results = await Promise.all([accept(token, 'First'), accept(token, 'Second')]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(await count()).toBe(before + 1);
  });

  it('refuses unknown, withdrawn and expired invites with their own codes', async () => {
    const unknown = await accept('tgi_nothing-like-this');
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'invite_not_found']);
    const withdrawn = await invite('gate');
    expect((await call('DELETE', `/api/v1/staff/invites/${withdrawn.id}`, owner.token)).statusCode).toBe(204);
    expect((await accept(withdrawn.token)).json().error.code).toBe('invite_not_found');
    const old = await invite('gate');
    server.clock.advance(7 * 24 * 3600 + 1);
    const expired = await accept(old.token);
    expect([expired.statusCode, expired.json().error.code]).toEqual([410, 'invite_expired']);
    expect((await call('GET', '/api/v1/staff', owner.token)).json().invites.map((i: { id: string }) => i.id)).not.toContain(old.id);
  });

  it('changes roles and removes members, whose sessions end at once', async () => {
    const m = await member('gate');
    const changed = await call('PATCH', `/api/v1/staff/${m.id}`, owner.token, { role: 'manager' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ id: m.id, role: 'manager' });
    expect((await call('GET', '/api/v1/session', m.token)).json().staff.role).toBe('manager');
    expect((await call('DELETE', `/api/v1/staff/${m.id}`, owner.token)).statusCode).toBe(204);
    expect((await call('GET', '/api/v1/session', m.token)).statusCode).toBe(401);
    expect((await call('GET', '/api/v1/staff', owner.token)).json().staff.map((s: { id: string }) => s.id)).not.toContain(m.id);
  });

  it('always keeps an owner', async () => {
    const me = (await call('GET', '/api/v1/session', owner.token)).json().staff.id as string;
    const demote = await call('PATCH', `/api/v1/staff/${me}`, owner.token, { role: 'manager' });
    expect([demote.statusCode, demote.json().error.code]).toEqual([409, 'last_owner']);
    expect((await call('DELETE', `/api/v1/staff/${me}`, owner.token)).json().error.code).toBe('last_owner');
    // With a second owner, the first may step down.
    const second = await member('owner');
    expect((await call('PATCH', `/api/v1/staff/${me}`, owner.token, { role: 'manager' })).statusCode).toBe(200);
    expect((await call('DELETE', `/api/v1/staff/${second.id}`, second.token)).json().error.code).toBe('last_owner');
    expect((await call('PATCH', `/api/v1/staff/${me}`, second.token, { role: 'owner' })).statusCode).toBe(200);
  });

  it('lets only owners manage staff, and only their own', async () => {
    const manager = await member('manager');
    expect((await call('GET', '/api/v1/staff', manager.token)).statusCode).toBe(403);
    expect((await call('POST', '/api/v1/staff/invites', manager.token, { role: 'owner' })).statusCode).toBe(403);
    const m = await member('gate');
    const pending = await invite('gate');
    expect((await call('PATCH', `/api/v1/staff/${m.id}`, stranger.token, { role: 'owner' })).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/staff/${m.id}`, stranger.token)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/staff/invites/${pending.id}`, stranger.token)).statusCode).toBe(404);
    const theirs = (await call('GET', '/api/v1/staff', stranger.token)).json();
    expect(theirs.staff).toHaveLength(1);
    expect(theirs.invites).toEqual([]);
    expect((await accept(pending.token)).statusCode).toBe(201);
  });

  it('answers bad input with 400 naming the field', async () => {
    const badRole = await call('POST', '/api/v1/staff/invites', owner.token, { role: 'admin' });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json().error.message).toContain('body.role');
    const shortPassword = await call('POST', '/api/v1/staff/invites/accept', undefined, { token: 'x', name: 'A', email: 'a@example.org', password: 'short' });
    expect(shortPassword.statusCode).toBe(400);
    expect(shortPassword.json().error.message).toContain('body.password');
    expect((await call('PATCH', '/api/v1/staff/not-a-uuid', owner.token, { role: 'gate' })).json().error.message).toContain('params.staffId');
  });
});
