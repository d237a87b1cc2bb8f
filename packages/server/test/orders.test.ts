import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/dialects.ts';
import { bearer, publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { TestWallet } from './support/wallet.ts';

describe.each(dialects)('orders on $name', (dialect) => {
  let server: TestServer;
  let organizer: Awaited<ReturnType<typeof signUp>>;
  beforeAll(async () => {
    server = await startTestServer(dialect, { orderHoldSeconds: 600 });
    organizer = await signUp(server.app);
  });
  afterAll(() => server.stop());

  const available = async (eventId: string) =>
    (await server.app.inject({ method: 'GET', url: `/api/v1/events/${eventId}` })).json().ticketTypes[0].available as number;

  async function buy(wallet: TestWallet, eventId: string, ticketTypeId: string, quantity = 1, headers: Record<string, string> = {}) {
    return wallet.request('POST', '/api/v1/orders', { eventId, items: [{ ticketTypeId, quantity }] }, headers);
  }

  it('holds seats, and paying issues claimable tickets to the buyer', async () => {
    const { eventId, ticketTypeId } = await publishedEvent(server.app, organizer.token, { capacity: 10, priceCents: 2500 });
    const wallet = await TestWallet.withAccount(server.app, server.clock);
    const res = await buy(wallet, eventId, ticketTypeId, 4);
    expect(res.statusCode).toBe(201);
    const { order, payment } = res.json();
    expect(order).toMatchObject({ status: 'pending', totalCents: 10_000, currency: 'EUR' });
    expect(Date.parse(order.expiresAt) - server.clock().getTime()).toBe(600_000);
    expect(payment.provider).toBe('sandbox');
    expect(payment.checkoutUrl).toMatch(/^http:\/\/localhost:3000\/sandbox\/checkout\//);
    expect(await available(eventId)).toBe(6);

    const paid = await wallet.request('POST', `/api/v1/orders/${order.id}/sandbox-payment`, { outcome: 'paid' });
    expect(paid.statusCode).toBe(200);
    expect(paid.json().order.status).toBe('paid');
    expect(paid.json().order.tickets).toHaveLength(4);

    const mine = await wallet.request('GET', '/api/v1/me/tickets');
    expect(mine.json().tickets).toHaveLength(4);
    for (const ticket of mine.json().tickets) {
      expect(ticket).toMatchObject({ eventId, ticketTypeId, state: 'valid', seq: 1, claimable: true });
    }
    expect(await available(eventId)).toBe(6);
    const insights = await server.app.inject({ method: 'GET', url: `/api/v1/events/${eventId}/insights`, headers: bearer(organizer.token) });
    expect(insights.json()).toMatchObject({ ticketsSold: 4, ticketHolders: 1, buyers: 1, reachRate: 0.25, revenueCents: 10_000 });
  });

  it('issues tickets once when the same payment is reported several times at once', async () => {
    const { eventId, ticketTypeId } = await publishedEvent(server.app, organizer.token, { capacity: 10 });
    const wallet = await TestWallet.withAccount(server.app, server.clock);
    const { order } = (await buy(wallet, eventId, ticketTypeId, 3)).json();
    const reports = await Promise.all([1, 2, 3, 4, 5].map(() => wallet.request('POST', `/api/v1/orders/${order.id}/sandbox-payment`, { outcome: 'paid' })));
    expect(reports.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    const tickets = (await wallet.request('GET', '/api/v1/me/tickets')).json().tickets.filter((t: { eventId: string }) => t.eventId === eventId);
    expect(tickets).toHaveLength(3);
  });

  it('a failed payment gives the seats back', async () => {
    const { eventId, ticketTypeId } = await publishedEvent(server.app, organizer.token, { capacity: 5 });
    const wallet = await TestWallet.withAccount(server.app, server.clock);
    const { order } = (await buy(wallet, eventId, ticketTypeId, 5)).json();
    expect(await available(eventId)).toBe(0);
    expect((await buy(wallet, eventId, ticketTypeId, 1)).json().error.code).toBe('sold_out');
    const failed = await wallet.request('POST', `/api/v1/orders/${order.id}/sandbox-payment`, { outcome: 'failed' });
    expect(failed.json().order.status).toBe('failed');
    expect(await available(eventId)).toBe(5);
    const again = await wallet.request('POST', `/api/v1/orders/${order.id}/sandbox-payment`, { outcome: 'paid' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('invalid_state');
  });

  it('an expired hold gives its seats back on read, and cannot be paid any more', async () => {
    const { eventId, ticketTypeId } = await publishedEvent(server.app, organizer.token, { capacity: 3 });
    const wallet = await TestWallet.withAccount(server.app, server.clock);
    const { order } = (await buy(wallet, eventId, ticketTypeId, 3)).json();
    expect(await available(eventId)).toBe(0);
    server.clock.advance(601);
    expect(await available(eventId)).toBe(3);
    const late = await wallet.request('POST', `/api/v1/orders/${order.id}/sandbox-payment`, { outcome: 'paid' });
    expect(late.statusCode).toBe(409);
    const read = await wallet.request('GET', `/api/v1/orders/${order.id}`);
    expect(read.json().order.status).toBe('expired');
  });

  it('a sold-out answer first takes back seats of holds that ran out', async () => {
    const { eventId, ticketTypeId } = await publishedEvent(server.app, organizer.token, { capacity: 2 });
    const first = await TestWallet.withAccount(server.app, server.clock);
    const second = await TestWallet.withAccount(server.app, server.clock);
    expect((await buy(first, eventId, ticketTypeId, 2)).statusCode).toBe(201);
    expect((await buy(second, eventId, ticketTypeId, 1)).json().error.code).toBe('sold_out');
    server.clock.advance(601);
    expect((await buy(second, eventId, ticketTypeId, 2)).statusCode).toBe(201);
  });

  it('honours Idempotency-Key: a repeat returns the first order and takes nothing more', async () => {
    const { eventId, ticketTypeId } = await publishedEvent(server.app, organizer.token, { capacity: 10 });
    const wallet = await TestWallet.withAccount(server.app, server.clock);
    const key = { 'idempotency-key': 'checkout-7f3a' };
    const first = await buy(wallet, eventId, ticketTypeId, 2, key);
    const repeat = await buy(wallet, eventId, ticketTypeId, 2, key);
    expect(repeat.statusCode).toBe(201);
    expect(repeat.json().order.id).toBe(first.json().order.id);
    expect(await available(eventId)).toBe(8);
    const parallel = await Promise.all([1, 2, 3, 4].map(() => buy(wallet, eventId, ticketTypeId, 1, { 'idempotency-key': 'parallel-1' })));
    expect(new Set(parallel.map((r) => r.json().order.id)).size).toBe(1);
    expect(await available(eventId)).toBe(7);
    const changed = await buy(wallet, eventId, ticketTypeId, 3, key);
    expect(changed.statusCode).toBe(422);
    expect(changed.json().error.code).toBe('idempotency_key_reused');
  });

  it('enforces maxTicketsPerAccount across orders, pending ones included', async () => {
    const { eventId, ticketTypeId } = await publishedEvent(server.app, organizer.token, { capacity: 50, maxTicketsPerAccount: 4 });
    const wallet = await TestWallet.withAccount(server.app, server.clock);
    const { order } = (await buy(wallet, eventId, ticketTypeId, 3)).json();
    await wallet.request('POST', `/api/v1/orders/${order.id}/sandbox-payment`, { outcome: 'paid' });
    expect((await buy(wallet, eventId, ticketTypeId, 1)).statusCode).toBe(201);
    const over = await buy(wallet, eventId, ticketTypeId, 1);
    expect(over.statusCode).toBe(409);
    expect(over.json().error.code).toBe('limit_exceeded');
    const parallel = await TestWallet.withAccount(server.app, server.clock);
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map(() => buy(parallel, eventId, ticketTypeId, 1)));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(4);
  });

  it('refuses orders that make no sense with 400 naming the field', async () => {
    const { eventId, ticketTypeId } = await publishedEvent(server.app, organizer.token);
    const wallet = await TestWallet.withAccount(server.app, server.clock);
    const cases: [unknown, RegExp][] = [
      [{ eventId, items: [{ ticketTypeId, quantity: 0 }] }, /items\[0\]\.quantity/],
      [{ eventId, items: [{ ticketTypeId, quantity: 10_000 }] }, /items\[0\]\.quantity/],
      [{ eventId, items: [{ ticketTypeId, quantity: '2' }] }, /items\[0\]\.quantity/],
      [{ eventId, items: [] }, /items/],
      [{ eventId }, /items is required/],
      [{ eventId: 'not-a-uuid', items: [{ ticketTypeId, quantity: 1 }] }, /eventId must be a valid uuid/],
      [{ eventId, items: [{ ticketTypeId, quantity: 1 }], price: 1 }, /price is not a known field/],
      [{ eventId, items: [{ ticketTypeId: eventId, quantity: 1 }] }, /not a ticket type of this event/],
    ];
    for (const [body, message] of cases) {
      const res = await wallet.request('POST', '/api/v1/orders', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
      expect(res.json().error.message).toMatch(message);
    }
  });

  it('answers malformed JSON with 400 and a body over 1 MB with 413', async () => {
    const wallet = await TestWallet.withAccount(server.app, server.clock);
    const path = '/api/v1/orders';
    const bad = await server.app.inject({
      method: 'POST', url: path, payload: '{"eventId": ', headers: { 'content-type': 'application/json', dpop: await wallet.proof('POST', path) },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid_request', message: 'the body is not valid JSON' });
    const huge = await server.app.inject({
      method: 'POST', url: path, payload: JSON.stringify({ pad: 'x'.repeat(1_100_000) }), headers: { 'content-type': 'application/json', dpop: await wallet.proof('POST', path) },
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('payload_too_large');
  });

  it("keeps orders private: another account's order is not found", async () => {
    const { eventId, ticketTypeId } = await publishedEvent(server.app, organizer.token);
    const buyer = await TestWallet.withAccount(server.app, server.clock);
    const other = await TestWallet.withAccount(server.app, server.clock);
    const { order } = (await buy(buyer, eventId, ticketTypeId)).json();
    expect((await other.request('GET', `/api/v1/orders/${order.id}`)).statusCode).toBe(404);
    expect((await other.request('POST', `/api/v1/orders/${order.id}/sandbox-payment`, { outcome: 'paid' })).statusCode).toBe(404);
  });

  it('settles through the sandbox checkout page, which needs the token from the checkout URL', async () => {
    const { eventId, ticketTypeId } = await publishedEvent(server.app, organizer.token);
    const wallet = await TestWallet.withAccount(server.app, server.clock);
    const { order, payment } = (await buy(wallet, eventId, ticketTypeId, 2)).json();
    const url = new URL(payment.checkoutUrl);
    const page = await server.app.inject({ method: 'GET', url: url.pathname + url.search });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('EUR 70.00');
    const forged = await server.app.inject({ method: 'POST', url: url.pathname, payload: 'token=forged&outcome=paid', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(forged.statusCode).toBe(404);
    const token = url.searchParams.get('token')!;
    const pay = await server.app.inject({
      method: 'POST', url: url.pathname, payload: `token=${encodeURIComponent(token)}&outcome=paid`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(pay.statusCode).toBe(303);
    expect((await wallet.request('GET', `/api/v1/orders/${order.id}`)).json().order.status).toBe('paid');
  });

  it('sells nothing for a draft or cancelled event', async () => {
    const { eventId, ticketTypeId } = await publishedEvent(server.app, organizer.token);
    const wallet = await TestWallet.withAccount(server.app, server.clock);
    await server.app.inject({ method: 'POST', url: `/api/v1/events/${eventId}/cancel`, headers: bearer(organizer.token) });
    const res = await buy(wallet, eventId, ticketTypeId);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('invalid_state');
  });
});
