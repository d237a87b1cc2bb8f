import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { dialects } from './support/dialects.ts';
import { bearer, publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { TestWallet } from './support/wallet.ts';

const limits = { signIn: 3, signUp: 2, accounts: 2, claims: 2, scans: 2 };

/** A refusal as API.md has it: 429, the error shape, and when to come back. */
function expectRateLimited(res: LightMyRequestResponse) {
  expect(res.statusCode).toBe(429);
  expect(res.json()).toEqual({ error: { code: 'rate_limited', message: expect.stringMatching(/too many requests; try again in \d+ seconds/) } });
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

describe.each(dialects)('rate limits on $name', (dialect) => {
  let server: TestServer;
  let sibling: Awaited<ReturnType<TestServer['sibling']>>;
  beforeAll(async () => {
    // Behind a reverse proxy on this host: the client's address is the one it forwards.
    server = await startTestServer(dialect, { rateLimits: limits, trustProxy: ['127.0.0.1'] });
    sibling = await server.sibling();
  });
  afterAll(async () => {
    await sibling.stop();
    await server.stop();
  });
  // Windows are whole minutes of the clock: start each test just after one begins, so none ends mid-test.
  beforeEach(() => {
    const intoWindow = server.clock().getTime() % 60_000;
    server.clock.advance((60_000 - intoWindow) / 1000 + 1);
  });

  it('sign-ins are counted across processes, and the next window lets them in again', async () => {
    const attempt = (app: typeof server.app) =>
      app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: 'nobody@example.org', password: 'wrong password' } });
    expect((await attempt(server.app)).statusCode).toBe(401);
    expect((await attempt(sibling.app)).statusCode).toBe(401);
    expect((await attempt(server.app)).statusCode).toBe(401);
    expectRateLimited(await attempt(sibling.app));
    expectRateLimited(await attempt(server.app));
    server.clock.advance(60);
    expect((await attempt(sibling.app)).statusCode).toBe(401);
  });

  it('behind a trusted proxy, each client address forwarded by it has a count of its own', async () => {
    const from = (address: string) =>
      server.app.inject({ method: 'POST', url: '/api/v1/sessions', headers: { 'x-forwarded-for': address }, payload: { email: 'nobody@example.org', password: 'wrong password' } });
    for (let i = 0; i < limits.signIn; i++) expect((await from('198.51.100.1')).statusCode).toBe(401);
    expectRateLimited(await from('198.51.100.1'));
    expect((await from('198.51.100.2')).statusCode).toBe(401);
  });

  it('organizer sign-ups and wallet accounts are limited per address', async () => {
    const signUpOnce = (app: typeof server.app) =>
      app.inject({ method: 'POST', url: '/api/v1/organizers', payload: { name: 'Flood', email: `${randomUUID()}@example.org`, password: 'correct horse battery' } });
    expect((await signUpOnce(server.app)).statusCode).toBe(201);
    expect((await signUpOnce(sibling.app)).statusCode).toBe(201);
    expectRateLimited(await signUpOnce(server.app));

    const newAccount = async (app: typeof server.app) => (await TestWallet.create(app, server.clock)).request('POST', '/api/v1/accounts', {});
    expect((await newAccount(server.app)).statusCode).toBe(201);
    expect((await newAccount(sibling.app)).statusCode).toBe(201);
    expectRateLimited(await newAccount(sibling.app));
    // Another address has its own count.
    const elsewhere = await TestWallet.create(server.app, server.clock);
    const res = await server.app.inject({
      method: 'POST', url: '/api/v1/accounts', remoteAddress: '203.0.113.9', payload: {},
      headers: { dpop: await elsewhere.proof('POST', '/api/v1/accounts') },
    });
    expect(res.statusCode).toBe(201);
  });

  it('claim attempts per address, scan uploads per gate device', async () => {
    const organizer = await signUp(server.app);
    const wallets = [await TestWallet.withAccount(server.app, server.clock), await TestWallet.withAccount(sibling.app, server.clock)];
    const claim = (wallet: TestWallet) => wallet.request('POST', '/api/v1/claims', { claimToken: `tgc_${randomUUID()}` });
    expect((await claim(wallets[0]!)).statusCode).toBe(404);
    expect((await claim(wallets[1]!)).statusCode).toBe(404);
    expectRateLimited(await claim(wallets[0]!));

    const { eventId } = await publishedEvent(server.app, organizer.token);
    const device = async (name: string) =>
      (await server.app.inject({ method: 'POST', url: `/api/v1/events/${eventId}/gate-devices`, headers: bearer(organizer.token), payload: { name } })).json().token as string;
    const [north, south] = [await device('north'), await device('south')];
    const upload = (app: typeof server.app, token: string) => app.inject({ method: 'POST', url: '/api/v1/gate/scans', headers: bearer(token), payload: { scans: [{ scanId: randomUUID(), qr: 'TG1:not-a-ticket', scannedAt: server.clock().toISOString(), gate: 'north' }] } });
    expect((await upload(server.app, north)).statusCode).toBe(200);
    expect((await upload(sibling.app, north)).statusCode).toBe(200);
    expectRateLimited(await upload(server.app, north));
    expect((await upload(sibling.app, south)).statusCode).toBe(200);
  });
});
