import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendPush } from '../src/domain/push/web-push.ts';
import { runDueJobs } from '../src/jobs/run-jobs.ts';
import { buyTickets } from './support/purchases.ts';
import { dialects } from './support/dialects.ts';
import { startPushService } from './support/push-service.ts';
import { bearer, publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { TestWallet } from './support/wallet.ts';

describe.each(dialects)('Web Push on $name', (dialect) => {
  let server: TestServer;
  let push: Awaited<ReturnType<typeof startPushService>>;
  beforeAll(async () => {
    // The push service listens on 127.0.0.1; the last test shows what the default (public only) does.
    server = await startTestServer(dialect, { outboundToPrivateAddresses: true });
    push = await startPushService();
    server.ctx.pushAgent = push.agent;
  });
  afterAll(async () => {
    await push.close();
    await server.stop();
  });

  const subscriptionIds = async (accountId: string) => (await server.ctx.store.repos.push.ofAccounts([accountId])).map((s) => s.id);

  it('delivers an encrypted, VAPID-signed message that the push service can decrypt', async () => {
    const phone = await TestWallet.withAccount(server.app, server.clock);
    const key = await server.app.inject({ method: 'GET', url: '/api/v1/push/public-key' });
    expect(key.json().publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
    expect((await phone.request('POST', '/api/v1/me/push-subscriptions', push.subscription('/sub/one'))).statusCode).toBe(201);
    const result = await sendPush(server.ctx, await subscriptionIds(phone.accountId), { title: 'Doors open', body: 'Welcome!' });
    expect(result).toEqual({ sent: 1, dropped: 0, failed: [] });
    expect(push.received).toContainEqual({ path: '/sub/one', payload: { title: 'Doors open', body: 'Welcome!' }, vapidSubject: 'mailto:push@ticketguard.invalid', ttl: '3600' });
  });

  it('pushes a message to the phones it reached, once, and marketing only with consent', async () => {
    const organizer = await signUp(server.app);
    const event = await publishedEvent(server.app, organizer.token);
    const [fan, other] = [await TestWallet.withAccount(server.app, server.clock), await TestWallet.withAccount(server.app, server.clock)];
    for (const [phone, path] of [[fan, '/sub/fan'], [other, '/sub/other']] as const) {
      await buyTickets(phone, event, 1);
      await phone.request('POST', '/api/v1/me/push-subscriptions', push.subscription(path));
    }
    await fan.request('POST', '/api/v1/me/consents', { organizerId: organizer.organizerId, purpose: 'marketing', granted: true });
    const send = (body: object) => server.app.inject({ method: 'POST', url: `/api/v1/events/${event.eventId}/messages`, headers: bearer(organizer.token), payload: body });
    expect((await send({ title: 'Doors open at 19:00', body: 'See you soon' })).json().recipients).toBe(2);
    expect((await send({ title: 'Next month: the same band, again', body: '10% off', marketing: true })).json().recipients).toBe(1);
    await runDueJobs(server.ctx);
    await runDueJobs(server.ctx);
    const got = (path: string) => push.received.filter((r) => r.path === path).map((r) => (r.payload as { title: string }).title);
    expect(got('/sub/fan').sort()).toEqual(['Doors open at 19:00', 'Next month: the same band, again']);
    expect(got('/sub/other')).toEqual(['Doors open at 19:00']);
    expect(push.received.find((r) => r.path === '/sub/other')!.payload).toMatchObject({ from: 'Paradiso', eventId: event.eventId });
    const inbox = (await other.request('GET', '/api/v1/me/inbox')).json().messages;
    expect(inbox.map((m: { title: string }) => m.title)).toEqual(['Doors open at 19:00']);
  });

  it('drops a subscription the push service says is gone, and reports other failures for a retry', async () => {
    const phone = await TestWallet.withAccount(server.app, server.clock);
    await phone.request('POST', '/api/v1/me/push-subscriptions', push.subscription('/gone/old-phone'));
    const unreachable = { endpoint: 'https://127.0.0.1:9/unreachable', keys: push.subscription('/sub/x').keys };
    await phone.request('POST', '/api/v1/me/push-subscriptions', unreachable);
    const result = await sendPush(server.ctx, await subscriptionIds(phone.accountId), { title: 't', body: 'b' });
    expect(result.sent).toBe(0);
    expect(result.dropped).toBe(1);
    expect(result.failed).toHaveLength(1);
    expect((await server.ctx.store.repos.push.ofAccounts([phone.accountId])).map((s) => s.endpoint)).toEqual([unreachable.endpoint]);
  });

  it('refuses a non-https endpoint and malformed keys with 400, and unsubscribes', async () => {
    const phone = await TestWallet.withAccount(server.app, server.clock);
    const http = { ...push.subscription('/sub/y'), endpoint: 'http://push.example/abc' };
    const res = await phone.request('POST', '/api/v1/me/push-subscriptions', http);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/https/);
    const bad = await phone.request('POST', '/api/v1/me/push-subscriptions', { ...push.subscription('/sub/z'), keys: { p256dh: 'x', auth: 'y' } });
    expect(bad.json().error.message).toMatch(/keys\.p256dh/);
    const sub = push.subscription('/sub/w');
    await phone.request('POST', '/api/v1/me/push-subscriptions', sub);
    expect((await phone.request('DELETE', '/api/v1/me/push-subscriptions', { endpoint: sub.endpoint })).statusCode).toBe(204);
    expect((await phone.request('DELETE', '/api/v1/me/push-subscriptions', { endpoint: sub.endpoint })).statusCode).toBe(404);
  });

  it('takes no endpoint on this machine or a private network unless the operator allows it, and drops one stored before', async () => {
    const phone = await TestWallet.withAccount(server.app, server.clock);
    const stored = push.subscription('/sub/inward');
    expect((await phone.request('POST', '/api/v1/me/push-subscriptions', stored)).statusCode).toBe(201);
    server.ctx.settings.outboundToPrivateAddresses = false;
    try {
      for (const endpoint of ['https://127.0.0.1/push', 'https://localhost/push', 'https://10.1.2.3/push', 'https://169.254.169.254/push', 'https://[fe80::1]/push']) {
        const res = await phone.request('POST', '/api/v1/me/push-subscriptions', { ...stored, endpoint });
        expect(res.statusCode, endpoint).toBe(400);
        expect(res.json().error.message, endpoint).toMatch(/^endpoint must be on the public internet: /);
      }
      const result = await sendPush(server.ctx, await subscriptionIds(phone.accountId), { title: 'Doors open', body: 'Welcome!' });
      expect(result).toEqual({ sent: 0, dropped: 1, failed: [] });
      expect(push.received.filter((r) => r.path === '/sub/inward')).toEqual([]);
      expect(await subscriptionIds(phone.accountId)).toEqual([]);
    } finally {
      server.ctx.settings.outboundToPrivateAddresses = true;
    }
  });
});
