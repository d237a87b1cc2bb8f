import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/server.ts';
import { dialects } from './support/dialects.ts';
import { bearer, publishedEvent, testConfig } from './support/harness.ts';
import { TestWallet } from './support/wallet.ts';

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
  beforeAll(async () => {
    const db = await dialects[0]!.open();
    drop = db.drop;
    server = await createServer({ config: testConfig(), storage: db.storage, jobs: false, logger: { level: 'debug', stream } });
  });
  afterAll(async () => {
    await server.close();
    await drop();
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

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(10);
    expect(log).toContain('/api/v1/orders');
    expect(log).toContain('/api/v1/me/inbox/stream');
    for (const secret of [password, token, gate.token, proof, streamProof, checkout.searchParams.get('token')!]) expect(log).not.toContain(secret);
  });
});
