import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { dialects } from './support/dialects.ts';
import { example } from './support/examples.ts';
import { bearer, publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { fillPath, routesOf, type Route } from './support/openapi-routes.ts';
import { buyTickets } from './support/purchases.ts';
import { TestWallet } from './support/wallet.ts';

/**
 * Tenant A's rows, and B: another organizer and another phone. Every organizer route is called
 * with B's token and A's ids, every wallet route with B's proof and A's ids; the answer must be
 * 403 or 404 where an id names A's row, and must never carry A's data. The routes come from the
 * OpenAPI document, so a new route is tested without being listed here.
 */
describe.each(dialects)('tenant and account isolation on $name', (dialect) => {
  let server: TestServer;
  let routes: Route[];
  const a: Record<string, string> = {};
  let tokenB: string;
  let walletA: TestWallet;
  let walletB: TestWallet;
  /** What of A's must never reach B: ids, names, tokens, credentials. */
  let secretsOfA: string[];

  /** A's id for a path parameter or body field of that name (rewardVoucherCampaignId → voucherCampaignId, ticketTypeIds → ticketTypeId). */
  const idFor = (name: string) => {
    const key = name.replace(/^reward(\w)/, (_m, c: string) => c.toLowerCase()).replace(/^held(\w)/, (_m, c: string) => c.toLowerCase()).replace(/Ids$/, 'Id');
    const id = a[key] ?? (key === 'campaignId' ? a.voucherCampaignId : undefined);
    if (!id) throw new Error(`the isolation test has no id of tenant A for "${name}": add one to its set-up`);
    return id;
  };

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const app = server.app;
    const organizerA = await signUp(app, 'Tenant A');
    a.organizerId = organizerA.organizerId;
    a.token = organizerA.token;
    const event = await publishedEvent(app, a.token, { capacity: 50 });
    Object.assign(a, event);
    const post = async (url: string, payload: object, token = a.token!) => {
      const res = await app.inject({ method: 'POST', url, headers: bearer(token), payload });
      if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      return res.json();
    };
    a.checkInListId = (await post(`/api/v1/events/${a.eventId}/check-in-lists`, { name: 'A VIP area', ticketTypeIds: [a.ticketTypeId] })).id;
    a.listId = a.checkInListId!;
    const device = await post(`/api/v1/events/${a.eventId}/gate-devices`, { name: 'A north' });
    a.gateToken = device.token;
    a.deviceId = device.id;
    a.inviteId = (await post('/api/v1/staff/invites', { role: 'gate' })).id;
    a.staffId = (await app.inject({ method: 'GET', url: '/api/v1/session', headers: bearer(a.token) })).json().staff.id;
    a.voucherCampaignId = (await post(`/api/v1/events/${a.eventId}/voucher-campaigns`, { name: 'A secret drink' })).id;
    a.questionId = (await post('/api/v1/profile-questions', { key: 'a_secret', text: { nl: 'Geheim A?', en: 'Secret A?' }, purpose: 'a_purpose', moment: 'after_purchase' })).id;
    // The exchange policy, so that A's phone can hold a resale listing for B to try to withdraw.
    const patch = await app.inject({ method: 'PATCH', url: `/api/v1/events/${a.eventId}`, headers: bearer(a.token), payload: { transferPolicy: { mode: 'exchange' } } });
    if (patch.statusCode !== 200) throw new Error(`policy: ${patch.statusCode} ${patch.body}`);
    walletA = await TestWallet.withAccount(app, server.clock);
    const tickets = await buyTickets(walletA, event, 2);
    const listing = await walletA.request('POST', `/api/v1/tickets/${tickets[0]!.id}/resale`, {});
    if (listing.statusCode !== 201) throw new Error(`listing: ${listing.statusCode} ${listing.body}`);
    a.ticketId = tickets[0]!.id;
    a.orderId = (await walletA.request('GET', '/api/v1/me/orders')).json().orders[0].order.id;
    a.messageId = (await post(`/api/v1/events/${a.eventId}/messages`, { title: 'A secret title', body: 'A secret body', sendAt: new Date(Date.now() + 86_400_000).toISOString() })).id;
    a.claimToken = (await walletA.request('POST', `/api/v1/tickets/${tickets[1]!.id}/claim-links`)).json().claimToken;
    // After the purchase, so no delivery is queued to its (unreachable) address.
    a.webhookId = (await post('/api/v1/webhooks', { url: 'https://hooks.example.org/tenant-a', events: ['order.paid'] })).id;
    secretsOfA = [a.organizerId, a.token, a.gateToken, a.voucherCampaignId, a.questionId, a.ticketId, tickets[1]!.id, a.orderId, a.messageId, a.claimToken, a.deviceId, a.inviteId, a.staffId, a.webhookId,
      walletA.accountId, tickets[0]!.credential, 'A secret drink', 'Geheim A?', 'A secret title'].map(String);

    tokenB = (await signUp(app, 'Tenant B')).token;
    await publishedEvent(app, tokenB);
    walletB = await TestWallet.withAccount(app, server.clock);
    // Erasing B's own account comes last: B's proof is refused after it.
    routes = (await routesOf(app)).sort((x, y) => Number(x.path === '/api/v1/me' && x.method === 'DELETE') - Number(y.path === '/api/v1/me' && y.method === 'DELETE'));
  });
  afterAll(() => server.stop());

  const requestFor = (route: Route, headers: Record<string, string>): InjectOptions => ({
    method: route.method,
    url: fillPath(route, idFor),
    headers,
    ...(route.body ? { payload: example(route.body, idFor) as object } : {}),
  });

  /**
   * A's secrets in an answer to B, except those B itself sent in this or an earlier request: B's
   * own consent to A's organizer, say, rightly names A's organizer id in B's export.
   */
  const givenByB = new Set<string>();
  const leaks = (body: string, request: InjectOptions) => {
    const sent = `${request.url} ${JSON.stringify(request.payload ?? '')}`;
    for (const s of secretsOfA) if (sent.includes(s)) givenByB.add(s);
    return secretsOfA.filter((s) => body.includes(s) && !givenByB.has(s));
  };

  // Wallet first: the organizer controls cancel A's event, which would take A's listing with it.
  it('every wallet route refuses another account\'s orders and tickets and shows nothing of theirs', async () => {
    const walletRoutes = routes.filter((r) => r.wallet && r.path !== '/api/v1/me/inbox/stream');
    expect(walletRoutes.length).toBeGreaterThanOrEqual(20);
    const problems: string[] = [];
    const ownedByA = (route: Route) => route.pathParams.some((p) => p === 'orderId' || p === 'ticketId');
    // The control first, while A's listing is still there to withdraw (B's joining the waiting list would take it):
    // A's own proof gets answers of its own, so B's refusals below are about whose rows they are.
    const answersToA = new Map<Route, string>();
    for (const route of walletRoutes.filter(ownedByA)) {
      const res = await server.app.inject(requestFor(route, { dpop: await walletA.proof(route.method, fillPath(route, idFor)) }));
      answersToA.set(route, `${res.statusCode} ${res.body}`);
    }
    for (const route of walletRoutes) {
      const path = fillPath(route, idFor);
      const request = requestFor(route, { dpop: await walletB.proof(route.method, path) });
      const res = await server.app.inject(request);
      const label = `${route.method} ${route.path}`;
      if (ownedByA(route)) {
        if (![403, 404].includes(res.statusCode)) problems.push(`${label}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        if (answersToA.get(route) === `${res.statusCode} ${res.body}` || answersToA.get(route)!.startsWith('401')) problems.push(`${label}: A's own phone got the same answer, ${answersToA.get(route)}`);
      }
      const leaked = leaks(res.body, request);
      if (leaked.length) problems.push(`${label} leaks ${leaked.join(', ')}`);
    }
    expect(problems).toEqual([]);
    // A's phone still has its tickets and its order, untouched by all of B's calls (B's own erasure among them).
    const mine = await walletA.request('GET', '/api/v1/me/tickets');
    expect(mine.json().tickets.map((t: { id: string }) => t.id)).toContain(a.ticketId);
    const order = await walletA.request('GET', `/api/v1/orders/${a.orderId}`);
    expect(order.statusCode, order.body).toBe(200);
  });

  it('every organizer route refuses another tenant\'s ids and shows nothing of theirs', async () => {
    const organizerRoutes: Route[] = [];
    for (const route of routes.filter((r) => !r.wallet && !r.path.startsWith('/api/v1/gate/'))) {
      // Only routes that want an organizer: without a token they answer 401. Public ones show public data by design.
      if ((await server.app.inject(requestFor(route, {}))).statusCode === 401) organizerRoutes.push(route);
    }
    expect(organizerRoutes.length).toBeGreaterThanOrEqual(20);
    const problems: string[] = [];
    for (const route of organizerRoutes) {
      const request = requestFor(route, bearer(tokenB));
      const res = await server.app.inject(request);
      const label = `${route.method} ${route.path}`;
      if (route.pathParams.length > 0 && ![403, 404].includes(res.statusCode)) problems.push(`${label}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      const leaked = leaks(res.body, request);
      if (leaked.length) problems.push(`${label} leaks ${leaked.join(', ')}`);
    }
    expect(problems).toEqual([]);
    // The control: with A's own token the same requests get past the ownership check (a 409 or 400 is fine, 403/404 is not).
    const refusedToOwner: string[] = [];
    // Deletions last, so that A's webhook, device and invite are still there for the other routes.
    const withIds = organizerRoutes.filter((r) => r.pathParams.length > 0).sort((x, y) => Number(x.method === 'DELETE') - Number(y.method === 'DELETE'));
    for (const route of withIds) {
      const res = await server.app.inject(requestFor(route, bearer(a.token!)));
      if ([401, 403, 404].includes(res.statusCode)) refusedToOwner.push(`${route.method} ${route.path}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
    expect(refusedToOwner).toEqual([]);
  });

  it('a gate device sees only its own event', async () => {
    const deviceB = (await server.app.inject({ method: 'POST', url: '/api/v1/events/' + (await eventOf(tokenB)) + '/gate-devices', headers: bearer(tokenB), payload: { name: 'B' } })).json().token;
    const pack = await server.app.inject({ method: 'GET', url: `/api/v1/gate/pack?eventId=${a.eventId}`, headers: bearer(deviceB) });
    expect([200, 403, 404]).toContain(pack.statusCode);
    if (pack.statusCode === 200) expect(pack.json().eventId).not.toBe(a.eventId);
    expect(leaks(pack.body, { url: `?eventId=${a.eventId}` })).toEqual([]);
  });

  async function eventOf(token: string) {
    return (await server.app.inject({ method: 'GET', url: '/api/v1/events', headers: bearer(token) })).json().events[0].id as string;
  }
});
