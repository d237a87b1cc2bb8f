import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendPush } from '../src/domain/push/web-push.ts';
import { dialects } from './support/dialects.ts';
import { startPushService } from './support/push-service.ts';
import { startTestServer, type TestServer } from './support/harness.ts';
import { TestWallet } from './support/wallet.ts';

describe.each(dialects)('Web Push on $name', (dialect) => {
  let server: TestServer;
  let push: Awaited<ReturnType<typeof startPushService>>;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    push = await startPushService();
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
    const result = await sendPush(server.ctx, await subscriptionIds(phone.accountId), { title: 'Doors open', body: 'Welcome!' }, { agent: push.agent });
    expect(result).toEqual({ sent: 1, dropped: 0, failed: [] });
    expect(push.received).toContainEqual({ path: '/sub/one', payload: { title: 'Doors open', body: 'Welcome!' }, vapidSubject: 'mailto:push@ticketguard.invalid', ttl: '3600' });
  });

  it('drops a subscription the push service says is gone, and reports other failures for a retry', async () => {
    const phone = await TestWallet.withAccount(server.app, server.clock);
    await phone.request('POST', '/api/v1/me/push-subscriptions', push.subscription('/gone/old-phone'));
    const unreachable = { endpoint: 'https://127.0.0.1:9/unreachable', keys: push.subscription('/sub/x').keys };
    await phone.request('POST', '/api/v1/me/push-subscriptions', unreachable);
    const result = await sendPush(server.ctx, await subscriptionIds(phone.accountId), { title: 't', body: 'b' }, { agent: push.agent });
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
});
