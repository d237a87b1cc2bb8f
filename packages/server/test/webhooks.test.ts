import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../src/jobs/run-jobs.ts';
import { dialects } from './support/dialects.ts';
import { bearer, publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { buyTickets, checkIn } from './support/purchases.ts';
import { startWebhookReceiver, type ReceivedWebhook } from './support/webhook-receiver.ts';
import { TestWallet } from './support/wallet.ts';

describe.each(dialects)('webhooks on $name', (dialect) => {
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let organizer: Awaited<ReturnType<typeof signUp>>;
  let event: { eventId: string; ticketTypeId: string };

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, token = organizer.token) =>
    server.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
  const register = async (path: string, events: string[]) => {
    const res = await call('POST', '/api/v1/webhooks', { url: receiver.url(path), events });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; url: string; events: string[]; secret: string };
  };
  const at = (path: string) => receiver.received.filter((r) => r.path === path);
  const deliveries = async (id: string) => (await call('GET', `/api/v1/webhooks/${id}/deliveries`)).json().deliveries;
  const wallet = () => TestWallet.withAccount(server.app, server.clock);
  /** What a receiver does: recompute the HMAC over the exact bytes with the secret it was shown. */
  const verified = (r: ReceivedWebhook, secret: string) =>
    r.headers['ticketguard-signature'] === `sha256=${createHmac('sha256', secret).update(r.body).digest('hex')}`;

  beforeAll(async () => {
    // The receiver listens on 127.0.0.1; the last test shows what the default (public only) does.
    server = await startTestServer(dialect, { outboundToPrivateAddresses: true });
    receiver = await startWebhookReceiver();
    server.ctx.webhookAgent = receiver.agent;
    organizer = await signUp(server.app);
    event = await publishedEvent(server.app, organizer.token);
  });
  afterAll(async () => {
    await receiver.close();
    await server.stop();
  });

  it('delivers a signed order.paid after a payment, pseudonymous, and only to the webhooks that asked', async () => {
    const hook = await register('/orders', ['order.paid']);
    const other = await register('/checkins', ['ticket.checked_in']);
    expect(hook.secret).toMatch(/^whsec_/);
    const buyer = await wallet();
    const tickets = await buyTickets(buyer, event, 2);
    await runDueJobs(server.ctx);
    const [got] = at('/orders');
    expect(at('/orders')).toHaveLength(1);
    expect(verified(got!, hook.secret)).toBe(true);
    expect(verified(got!, other.secret)).toBe(false);
    expect(got!.headers['content-type']).toBe('application/json');
    expect(got!.headers['ticketguard-event']).toBe('order.paid');
    const body = JSON.parse(got!.body);
    expect(got!.headers['ticketguard-delivery']).toBe(body.id);
    const holders = (await call('GET', `/api/v1/events/${event.eventId}/holders`)).json().holders;
    expect(body).toEqual({
      id: expect.any(String),
      type: 'order.paid',
      createdAt: server.clock().toISOString(),
      data: {
        eventId: event.eventId,
        orderId: expect.any(String),
        holderRef: holders[0].holderRef,
        totalCents: 7000,
        currency: 'EUR',
        resale: false,
        tickets: expect.arrayContaining(tickets.map((t) => ({ ticketId: t.id, ticketTypeId: event.ticketTypeId, kind: 'admission' }))),
      },
    });
    expect(got!.body).not.toContain(buyer.accountId);
    expect(at('/checkins')).toHaveLength(0);
    expect(await deliveries(hook.id)).toEqual([
      { id: body.id, event: 'order.paid', status: 'delivered', httpStatus: 204, attempts: 1, createdAt: body.createdAt, lastAttemptAt: server.clock().toISOString() },
    ]);
    const listed = (await call('GET', '/api/v1/webhooks')).json().webhooks;
    expect(listed.find((w: { id: string }) => w.id === hook.id)).toEqual({
      id: hook.id, url: hook.url, events: ['order.paid'], createdAt: expect.any(String),
      lastDelivery: { status: 'delivered', httpStatus: 204, attempts: 1, at: server.clock().toISOString() },
    });
    expect(JSON.stringify(listed)).not.toContain(hook.secret);
    const stored = await server.storage.db.selectFrom('webhooks').select('secret_sealed').where('id', '=', hook.id).executeTakeFirstOrThrow();
    expect(stored.secret_sealed).not.toContain(hook.secret.slice(6));
    for (const h of [hook, other]) expect((await call('DELETE', `/api/v1/webhooks/${h.id}`)).statusCode).toBe(204);
  });

  it('reports transfers and check-ins under pseudonyms, queued with what happened', async () => {
    const hook = await register('/tickets', ['ticket.transferred', 'ticket.checked_in']);
    const [buyer, friend] = [await wallet(), await wallet()];
    const [ticket] = await buyTickets(buyer, event, 1);
    const link = (await buyer.request('POST', `/api/v1/tickets/${ticket!.id}/claim-links`)).json();
    expect((await friend.request('POST', '/api/v1/claims', { claimToken: link.claimToken })).statusCode).toBe(200);
    const [moved] = (await friend.request('GET', '/api/v1/me/tickets')).json().tickets;
    const gate = (await call('POST', `/api/v1/events/${event.eventId}/gate-devices`, { name: 'main' })).json().token as string;
    expect(await checkIn(server.app, gate, friend, moved, server.clock())).toMatchObject({ verdict: 'accepted' });
    await runDueJobs(server.ctx);
    const bodies = at('/tickets').map((r) => {
      expect(verified(r, hook.secret)).toBe(true);
      expect(r.body).not.toContain(buyer.accountId);
      expect(r.body).not.toContain(friend.accountId);
      return JSON.parse(r.body);
    });
    const transfer = bodies.find((b) => b.type === 'ticket.transferred');
    expect(transfer.data).toEqual({
      eventId: event.eventId, ticketId: ticket!.id, ticketTypeId: event.ticketTypeId,
      fromHolderRef: expect.any(String), toHolderRef: expect.any(String), reason: 'claim', seq: 2,
    });
    expect(transfer.data.fromHolderRef).not.toBe(transfer.data.toHolderRef);
    const checkedIn = bodies.find((b) => b.type === 'ticket.checked_in');
    expect(checkedIn.data).toEqual({
      eventId: event.eventId, ticketId: ticket!.id, ticketTypeId: event.ticketTypeId, kind: 'admission', checkInList: { id: expect.any(String), name: 'Entrance' },
      holderRef: transfer.data.toHolderRef, gate: 'main', scannedAt: expect.any(String),
    });
    expect(bodies).toHaveLength(2);
    await call('DELETE', `/api/v1/webhooks/${hook.id}`);
  });

  it('retries a failing endpoint with backoff on the job queue, then marks the delivery failed', async () => {
    const hook = await register('/fail/orders', ['order.paid']);
    await buyTickets(await wallet(), event, 1);
    await runDueJobs(server.ctx);
    expect(at('/fail/orders')).toHaveLength(1);
    const [first] = await deliveries(hook.id);
    expect(first).toMatchObject({ status: 'pending', httpStatus: 500, attempts: 1, nextAttemptAt: new Date(server.clock().getTime() + 10_000).toISOString() });
    const delays = [10, 60, 300, 1800, 7200];
    for (const [i, delay] of delays.entries()) {
      // Not before its time...
      server.clock.advance(delay - 1);
      await runDueJobs(server.ctx);
      expect(at('/fail/orders')).toHaveLength(i + 1);
      // ...and then at once.
      server.clock.advance(1);
      await runDueJobs(server.ctx);
      expect(at('/fail/orders')).toHaveLength(i + 2);
    }
    const bodies = new Set(at('/fail/orders').map((r) => r.body));
    expect(bodies.size).toBe(1);
    expect(await deliveries(hook.id)).toEqual([
      { id: first.id, event: 'order.paid', status: 'failed', httpStatus: 500, attempts: 6, createdAt: first.createdAt, lastAttemptAt: server.clock().toISOString(), lastError: 'the endpoint answered 500' },
    ]);
    const lastAttemptAt = server.clock().toISOString();
    server.clock.advance(24 * 3600);
    await runDueJobs(server.ctx);
    expect(at('/fail/orders')).toHaveLength(6);
    const listed = (await call('GET', '/api/v1/webhooks')).json().webhooks.find((w: { id: string }) => w.id === hook.id);
    expect(listed.lastDelivery).toEqual({ status: 'failed', httpStatus: 500, attempts: 6, at: lastAttemptAt });
  });

  it('reports nothing for a payment that failed', async () => {
    const hook = await register('/failed-payments', ['order.paid']);
    const buyer = await wallet();
    const placed = await buyer.request('POST', '/api/v1/orders', { eventId: event.eventId, items: [{ ticketTypeId: event.ticketTypeId, quantity: 1 }] });
    expect((await buyer.request('POST', `/api/v1/orders/${placed.json().order.id}/sandbox-payment`, { outcome: 'failed' })).statusCode).toBe(200);
    await runDueJobs(server.ctx);
    expect(at('/failed-payments')).toHaveLength(0);
    expect(await deliveries(hook.id)).toEqual([]);
    await call('DELETE', `/api/v1/webhooks/${hook.id}`);
  });

  it('sends nothing more once a webhook is deleted, retries included', async () => {
    const hook = await register('/fail/deleted', ['order.paid']);
    await buyTickets(await wallet(), event, 1);
    await runDueJobs(server.ctx);
    expect((await call('DELETE', `/api/v1/webhooks/${hook.id}`)).statusCode).toBe(204);
    server.clock.advance(3600);
    await runDueJobs(server.ctx);
    expect(at('/fail/deleted')).toHaveLength(1);
    expect((await call('GET', '/api/v1/webhooks')).json().webhooks.map((w: { id: string }) => w.id)).not.toContain(hook.id);
  });

  it('refuses http URLs and unknown events naming the field; managers may, gate staff and other tenants may not', async () => {
    const http = await call('POST', '/api/v1/webhooks', { url: 'http://example.org/hook', events: ['order.paid'] });
    expect(http.statusCode).toBe(400);
    expect(http.json().error.message).toContain('body.url');
    const unknown = await call('POST', '/api/v1/webhooks', { url: receiver.url('/x'), events: ['order.shipped'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('body.events');
    const hook = await register('/mine', ['order.paid']);
    const stranger = await signUp(server.app, 'Other tenant');
    expect((await call('DELETE', `/api/v1/webhooks/${hook.id}`, undefined, stranger.token)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/webhooks/${hook.id}/deliveries`, undefined, stranger.token)).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/webhooks', undefined, stranger.token)).json().webhooks).toEqual([]);
    for (const role of ['manager', 'gate']) {
      const invite = (await call('POST', '/api/v1/staff/invites', { role })).json();
      const joined = await server.app.inject({ method: 'POST', url: '/api/v1/staff/invites/accept', payload: { token: invite.token, name: role, email: `${role}${Date.now()}@example.org`, password: 'correct horse battery' } });
      expect((await call('GET', '/api/v1/webhooks', undefined, joined.json().token)).statusCode).toBe(role === 'manager' ? 200 : 403);
    }
  });

  it('keeps webhooks off this machine and private networks unless the operator allows it, also when a name resolves inward', async () => {
    const settings = server.ctx.settings;
    settings.outboundToPrivateAddresses = false;
    try {
      for (const url of [
        'https://127.0.0.1/hook', 'https://localhost:8443/hook', 'https://api.localhost/hook', 'https://[::1]/hook', 'https://169.254.169.254/latest/meta-data',
        'https://10.0.0.7/hook', 'https://172.20.1.1/hook', 'https://192.168.1.1/hook', 'https://100.64.0.1/hook', 'https://[::ffff:127.0.0.1]/hook', 'https://[fd00::1]/hook', 'https://0.0.0.0/hook',
      ]) {
        const res = await call('POST', '/api/v1/webhooks', { url, events: ['order.paid'] });
        expect(res.statusCode, url).toBe(400);
        expect(res.json().error.message, url).toMatch(/^body\.url must be on the public internet: /);
      }
      const outside = await call('POST', '/api/v1/webhooks', { url: 'https://93.184.215.14/hook', events: ['order.paid'] });
      expect(outside.statusCode).toBe(201);
      await call('DELETE', `/api/v1/webhooks/${outside.json().id}`);

      // Registered while allowed; the operator then turns it off. The name resolves to loopback,
      // which the connection's own lookup refuses: nothing reaches the receiver.
      settings.outboundToPrivateAddresses = true;
      const hook = await register('/inward', ['order.paid']);
      await call('DELETE', `/api/v1/webhooks/${hook.id}`);
      const byName = await call('POST', '/api/v1/webhooks', { url: receiver.url('/inward').replace('127.0.0.1', 'localhost'), events: ['order.paid'] });
      expect(byName.statusCode).toBe(201);
      settings.outboundToPrivateAddresses = false;
      await buyTickets(await wallet(), event, 1);
      await runDueJobs(server.ctx);
      expect(at('/inward')).toHaveLength(0);
      const [delivery] = await deliveries(byName.json().id);
      expect(delivery).toMatchObject({ status: 'pending', attempts: 1 });
      expect(delivery.lastError).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), which is not a public address$/);
      await call('DELETE', `/api/v1/webhooks/${byName.json().id}`);
    } finally {
      settings.outboundToPrivateAddresses = true;
    }
  });
});
