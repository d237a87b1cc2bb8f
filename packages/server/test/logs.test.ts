import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/server.ts';
import { dialects } from './support/dialects.ts';
import { bearer, publishedEvent, testConfig } from './support/harness.ts';
import { TestWallet } from './support/wallet.ts';
import { startMollieStandIn, type MollieStandIn } from './support/mollie-stand-in.ts';
import { sandboxPayments } from '../src/config.ts';
import { humanLog } from '../src/http/human-log.ts';

describe('structured logs', () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  let server: Awaited<ReturnType<typeof createServer>>;
  let drop: () => Promise<void>;
  let mollie: MollieStandIn;
  const mollieKey = `test_${randomUUID().replace(/-/g, '')}`;
  beforeAll(async () => {
    mollie = await startMollieStandIn({ apiKeys: [mollieKey] });
    const db = await dialects[0]!.open();
    drop = db.drop;
    // Sign-in limited to 2 a minute, so that a refused request is in the run too.
    const limits = { ...testConfig().rateLimits, signIn: 2 };
    const payments = { ...sandboxPayments, mollieApiUrl: mollie.apiUrl, timeoutMs: 2000 };
    server = await createServer({ config: testConfig({ rateLimits: limits, payments }), storage: db.storage, jobs: false, logger: { level: 'debug', stream } });
  });
  afterAll(async () => {
    await server.close();
    await drop();
    await mollie.close();
  });

  it('record every request but never a password, token, proof or checkout secret', async () => {
    const app = server.app;
    const password = `pw-${randomUUID()}`;
    const signUp = await app.inject({ method: 'POST', url: '/api/v1/organizers', payload: { name: 'Logs', email: `${randomUUID()}@example.org`, password } });
    const { token } = signUp.json();
    const { eventId, ticketTypeId } = await publishedEvent(app, token);
    const gate = (await app.inject({ method: 'POST', url: `/api/v1/events/${eventId}/gate-devices`, headers: bearer(token), payload: { name: 'n' } })).json();
    const wallet = await TestWallet.withAccount(app);
    const proof = await wallet.proof('POST', '/api/v1/orders');
    const order = await app.inject({ method: 'POST', url: '/api/v1/orders', headers: { dpop: proof }, payload: { eventId, items: [{ ticketTypeId, quantity: 1 }] } });
    const checkout = new URL(order.json().payment.checkoutUrl);
    await app.inject({ method: 'GET', url: checkout.pathname + checkout.search });
    await app.inject({ method: 'GET', url: '/api/v1/gate/pack', headers: bearer(gate.token) });
    // The inbox stream takes its proof in the query (EventSource cannot set headers); a key without an account gets 401 at once.
    const streamProof = await (await TestWallet.create(app)).proof('GET', '/api/v1/me/inbox/stream');
    await app.inject({ method: 'GET', url: `/api/v1/me/inbox/stream?dpop=${streamProof}` });

    // The rest of a visitor's and an organizer's day: pay, hand a ticket on, sign in wrong and too often, scan.
    await app.inject({ method: 'POST', url: `${checkout.pathname}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `token=${checkout.searchParams.get('token')}&outcome=paid` });
    const [ticket] = (await wallet.request('GET', '/api/v1/me/tickets')).json().tickets;
    const { claimToken } = (await wallet.request('POST', `/api/v1/tickets/${ticket.id}/claim-links`)).json();
    const friend = await TestWallet.withAccount(app);
    const claimed = await friend.request('POST', '/api/v1/claims', { claimToken });
    expect(claimed.statusCode).toBe(200);
    const wrongPassword = `wrong-${randomUUID()}`;
    for (let i = 0; i < 3; i++) await app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: 'nobody@example.org', password: wrongPassword } });
    const refusedProof = await wallet.proof('GET', '/api/v1/somewhere-else');
    await app.inject({ method: 'GET', url: '/api/v1/me/tickets', headers: { dpop: refusedProof } });
    await app.inject({ method: 'POST', url: '/api/v1/gate/scans', headers: bearer(gate.token), payload: { scans: [{ scanId: randomUUID(), qr: 'TG1:x', scannedAt: new Date().toISOString(), gate: 'g' }] } });

    // An owner sets payment keys, one refused and one right.
    const wrongKey = `test_${randomUUID().replace(/-/g, '')}`;
    for (const apiKey of [wrongKey, mollieKey]) {
      await app.inject({ method: 'PUT', url: '/api/v1/payment-settings', headers: bearer(token), payload: { provider: 'mollie', mollie: { apiKey } } });
    }
    expect((await app.inject({ method: 'GET', url: '/api/v1/payment-settings', headers: bearer(token) })).json().provider).toBe('mollie');

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(20);
    for (const route of ['/api/v1/orders', '/api/v1/me/inbox/stream', '/api/v1/claims', '/api/v1/sessions', '/api/v1/gate/scans']) expect(log).toContain(route);
    expect(log).toMatch(/"statusCode":429/);
    const secrets = [password, token, gate.token, proof, streamProof, checkout.searchParams.get('token')!, claimToken, claimed.json().ticket.credential, wrongPassword, refusedProof, testConfig().secret, wrongKey, mollieKey];
    for (const secret of secrets) expect(log).not.toContain(secret);
    // Nor any part of a bearer token or proof: a prefix or a header value is as good as the whole to a thief.
    expect(log).not.toMatch(/tgo_|tgg_|tgc_|eyJ[A-Za-z0-9_-]{20}/);
  });
});

describe('log levels and formats', () => {
  it('logs requests at debug, so that an operator at info sees what matters', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
    const db = await dialects[0]!.open();
    const server = await createServer({ config: testConfig(), storage: db.storage, jobs: false, logger: { level: 'info', stream } });
    try {
      expect((await server.app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
      expect((await server.app.inject({ method: 'GET', url: '/api/v1/nowhere' })).statusCode).toBe(404);
      expect(lines.join('')).not.toMatch(/incoming request|request completed/);
      server.app.log.level = 'debug';
      await server.app.inject({ method: 'GET', url: '/api/v1/health' });
      expect(lines.join('')).toMatch(/"level":20.*"msg":"request completed"/);
    } finally {
      await server.close();
      await db.drop();
    }
  });

  it('writes one short line per entry for a person at a terminal, from the same JSON', () => {
    let out = '';
    const log = humanLog({ write: (text: string) => ((out += text), true) });
    const time = new Date(2026, 11, 6, 21, 4, 5).getTime();
    log.write(JSON.stringify({ level: 30, time, pid: 1, hostname: 'h', msg: 'Ticketguard is running', database: 'sqlite' }));
    log.write(JSON.stringify({ level: 50, time, pid: 1, hostname: 'h', msg: 'job failed', err: { stack: 'Error: boom\n    at job' } }));
    expect(out).toBe('21:04:05 info  Ticketguard is running  database=sqlite\n21:04:05 error job failed\nError: boom\n    at job\n');
  });
});
