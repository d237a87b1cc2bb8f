import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../src/jobs/run-jobs.ts';
import { drawOrder } from '../src/domain/waiting-room/draw-order.ts';
import { drawQueue } from '../src/domain/waiting-room/draw-queue.ts';
import { scheduleAdmissions } from '../src/domain/waiting-room/admit-visitors.ts';
import { dialects } from './support/dialects.ts';
import { organizerRequest, publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { openSse } from './support/sse.ts';
import { TestWallet } from './support/wallet.ts';

/**
 * The on-sale waiting room: one place per account, a fair draw of everyone who came before the
 * opening (replayable from its recorded seed), later arrivals in order, paced admission, an admission
 * bound to its account and good for one completed order, and a sold-out notice to all at once.
 */
describe.each(dialects)('the waiting room on $name', (dialect) => {
  let server: TestServer;
  let token: string;
  const asOrganizer = organizerRequest(() => server.app, () => token);

  /** An event on sale whose sale opens in a minute, behind a room. */
  async function roomEvent(options: { capacity?: number; admitPerMinute?: number; exchange?: boolean } = {}) {
    const event = await publishedEvent(server.app, token, { capacity: options.capacity ?? 100 });
    const onSaleAt = new Date(server.clock().getTime() + 60_000).toISOString();
    const res = await asOrganizer('PATCH', `/api/v1/events/${event.eventId}`, {
      onSaleAt,
      waitingRoom: { enabled: true, ...(options.admitPerMinute ? { admitPerMinute: options.admitPerMinute } : {}) },
      ...(options.exchange ? { transferPolicy: { mode: 'exchange' } } : {}),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ onSaleAt, waitingRoom: { enabled: true, admitPerMinute: options.admitPerMinute ?? null } });
    return { ...event, onSaleAt };
  }

  const wallets = (count: number) => Promise.all(Array.from({ length: count }, () => TestWallet.withAccount(server.app, server.clock)));
  const join = (wallet: TestWallet, eventId: string) => wallet.request('POST', `/api/v1/events/${eventId}/queue`, {});
  const placeOf = async (wallet: TestWallet, eventId: string) => (await wallet.request('GET', `/api/v1/events/${eventId}/queue/me`)).json();
  /** Moves the clock on and runs what is due then: the draw at the opening, a room tick. */
  async function tick(seconds: number) {
    server.clock.advance(seconds);
    await scheduleAdmissions(server.ctx);
    await runDueJobs(server.ctx);
  }
  const order = (wallet: TestWallet, event: { eventId: string; ticketTypeId: string }, admission?: string) =>
    wallet.request('POST', '/api/v1/orders', { eventId: event.eventId, items: [{ ticketTypeId: event.ticketTypeId, quantity: 1 }] }, admission ? { 'queue-admission': admission } : {});

  beforeAll(async () => {
    server = await startTestServer(dialect);
    token = (await signUp(server.app)).token;
  });
  afterAll(() => server.stop());

  it('refuses orders before the opening: queue_required with a room, not_on_sale_yet without', async () => {
    const event = await roomEvent();
    const [wallet] = await wallets(1);
    expect((await order(wallet!, event)).json().error).toMatchObject({ code: 'queue_required', message: expect.stringContaining(event.onSaleAt) });
    const plain = await publishedEvent(server.app, token);
    await asOrganizer('PATCH', `/api/v1/events/${plain.eventId}`, { onSaleAt: event.onSaleAt });
    const early = await order(wallet!, plain);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('not_on_sale_yet');
    const publicView = (await server.app.inject({ method: 'GET', url: `/api/v1/events/${event.eventId}` })).json();
    expect(publicView).toMatchObject({ onSaleAt: event.onSaleAt, waitingRoom: { enabled: true } });
  });

  it('gives one place per account, draws the early comers at the opening from a recorded seed, and queues later ones in order', async () => {
    const event = await roomEvent({ admitPerMinute: 60 });
    const early = await wallets(25);
    for (const wallet of early) {
      server.clock.advance(0.001); // arrival order is the order of joined_at, to the millisecond
      expect((await join(wallet, event.eventId)).statusCode).toBe(201);
    }
    const repeat = await join(early[3]!, event.eventId);
    expect(repeat.statusCode).toBe(200);
    expect(repeat.json()).toMatchObject({ state: 'drawing', position: null, drawAt: event.onSaleAt });

    await tick(61);
    const places = await Promise.all(early.map((wallet) => placeOf(wallet, event.eventId)));
    expect(places.map((p) => p.position).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    // The draw replays from the seed: the i-th arrival got the place the seed gives it.
    const room = (await asOrganizer('GET', `/api/v1/events/${event.eventId}/waiting-room`)).json();
    expect(room.draw).toMatchObject({ seed: expect.stringMatching(/^[0-9a-f]{64}$/), earlyComers: 25 });
    const replay = drawOrder(room.draw.seed, 25);
    expect(places.map((_, i) => replay.indexOf(i + 1) + 1)).toEqual(places.map((p) => p.position));
    // Not the arrival order (the chance of 25 in order by luck is 1 in 25!).
    expect(places.map((p) => p.position)).not.toEqual(places.map((_, i) => i + 1));

    const late = await wallets(3);
    for (const wallet of late) {
      server.clock.advance(0.001);
      expect((await join(wallet, event.eventId)).json()).toMatchObject({ state: 'waiting', position: null, ahead: 25 });
    }
    await tick(2); // each tick numbers the arrivals since the last one, in order of arrival
    expect(await Promise.all(late.map(async (w) => (await placeOf(w, event.eventId)).position))).toEqual([26, 27, 28]);
  });

  it('lets people through at the set pace, with ahead and an estimated wait from the pace it really keeps', async () => {
    const event = await roomEvent({ admitPerMinute: 30 });
    const queue = await wallets(12);
    for (const wallet of queue) await join(wallet, event.eventId);
    await tick(61); // the draw
    await tick(10); // the first tick: 10 seconds at 30 a minute
    const admitted = async () => (await Promise.all(queue.map((w) => placeOf(w, event.eventId)))).filter((p) => p.state === 'admitted').length;
    expect(await admitted()).toBe(5);
    for (let i = 0; i < 5; i += 1) await tick(2);
    expect(await admitted()).toBe(10);
    const last = (await Promise.all(queue.map((w) => placeOf(w, event.eventId)))).find((p) => p.position === 12);
    expect(last).toMatchObject({ state: 'waiting', ahead: 1 });
    expect(last.estimatedWaitSeconds).toBeGreaterThanOrEqual(2);
    expect(last.estimatedWaitSeconds).toBeLessThanOrEqual(6);

    await asOrganizer('PATCH', `/api/v1/events/${event.eventId}/waiting-room`, { paused: true });
    await tick(30);
    expect(await admitted()).toBe(10);
    const view = (await asOrganizer('PATCH', `/api/v1/events/${event.eventId}/waiting-room`, { paused: false })).json();
    expect(view).toMatchObject({ paused: false, waiting: 2, admitted: 10 });
  });

  it('admits an account once, for one completed order, and to no one else', async () => {
    const event = await roomEvent({ admitPerMinute: 600 });
    const [first, second] = await wallets(2);
    await join(first!, event.eventId);
    await join(second!, event.eventId);
    await tick(61);
    await tick(2);
    const admission = (await placeOf(first!, event.eventId)).admission as string;
    expect(admission).toMatch(/^v1\.\d+\./);
    expect((await order(first!, event)).json().error.code).toBe('queue_required');
    const stolen = await order(second!, event, admission);
    expect(stolen.json().error).toMatchObject({ code: 'queue_required', message: expect.stringContaining('not an admission of this account') });

    const failed = await order(first!, event, admission);
    expect(failed.statusCode).toBe(201);
    await first!.request('POST', `/api/v1/orders/${failed.json().order.id}/sandbox-payment`, { outcome: 'failed' });
    // A failed payment frees the admission for another try...
    const paid = await order(first!, event, admission);
    expect(paid.statusCode).toBe(201);
    await first!.request('POST', `/api/v1/orders/${paid.json().order.id}/sandbox-payment`, { outcome: 'paid' });
    // ...a completed order uses it up.
    expect((await order(first!, event, admission)).json().error).toMatchObject({ code: 'queue_required', message: expect.stringContaining('used for another order') });
    expect((await placeOf(first!, event.eventId)).state).toBe('used');
    // Ten minutes on, an admission not used has expired.
    await tick(601);
    const late = await placeOf(second!, event.eventId);
    expect(late.state).toBe('expired');
  });

  it('lets a holder add parking later without a new place in the queue: the room rations tickets, not add-ons', async () => {
    const event = await roomEvent({ admitPerMinute: 600 });
    const parking = (await asOrganizer('POST', `/api/v1/events/${event.eventId}/ticket-types`, { name: 'Parking', priceCents: 1000, currency: 'EUR', capacity: 5, kind: 'addon' })).json().id;
    const [buyer] = await wallets(1);
    await join(buyer!, event.eventId);
    await tick(61);
    await tick(2);
    const placed = await order(buyer!, event, (await placeOf(buyer!, event.eventId)).admission);
    await buyer!.request('POST', `/api/v1/orders/${placed.json().order.id}/sandbox-payment`, { outcome: 'paid' });
    const later = await buyer!.request('POST', '/api/v1/orders', { eventId: event.eventId, items: [{ ticketTypeId: parking, quantity: 1 }] });
    expect(later.statusCode, later.body).toBe(201);
    const more = await order(buyer!, event);
    expect(more.json().error.code).toBe('queue_required');
  });

  it('tells everyone waiting at once when it sells out, and offers the exchange waiting list where there is one', async () => {
    const event = await roomEvent({ capacity: 2, admitPerMinute: 60, exchange: true });
    const queue = await wallets(6);
    for (const wallet of queue) await join(wallet, event.eventId);
    await tick(61);
    await tick(2);
    const admitted: TestWallet[] = [];
    for (const wallet of queue) if ((await placeOf(wallet, event.eventId)).state === 'admitted') admitted.push(wallet);
    expect(admitted).toHaveLength(2);
    for (const wallet of admitted) {
      const placed = await order(wallet, event, (await placeOf(wallet, event.eventId)).admission);
      await wallet.request('POST', `/api/v1/orders/${placed.json().order.id}/sandbox-payment`, { outcome: 'paid' });
    }
    await tick(2);
    const rest = await Promise.all(queue.filter((w) => !admitted.includes(w)).map((w) => placeOf(w, event.eventId)));
    expect(rest.map((p) => p.state)).toEqual(['sold_out', 'sold_out', 'sold_out', 'sold_out']);
    expect(rest[0]).toMatchObject({ exchangeWaitlist: true });
    expect((await asOrganizer('GET', `/api/v1/events/${event.eventId}/waiting-room`)).json()).toMatchObject({ completed: 2, soldOutAt: expect.any(String) });
  });

  // Several processes share PostgreSQL only: two connections to one SQLite file in one Node process would wait on each other.
  if (dialect.name === 'postgres') it('draws once and numbers every arrival once when two processes join and draw at the same time', async () => {
    const event = await roomEvent();
    const sibling = await server.sibling();
    try {
      const here = await wallets(20);
      const there = await Promise.all(Array.from({ length: 20 }, () => TestWallet.withAccount(sibling.app, server.clock)));
      const joined = await Promise.all([...here.map((w) => join(w, event.eventId)), ...there.map((w) => join(w, event.eventId))]);
      expect(joined.map((r) => r.statusCode)).toEqual(joined.map(() => 201));
      server.clock.advance(61);
      await Promise.all([drawQueue(server.ctx, { eventId: event.eventId }), drawQueue(sibling.ctx, { eventId: event.eventId })]);
      const positions = await Promise.all([...here, ...there].map(async (w) => (await placeOf(w, event.eventId)).position as number));
      expect([...positions].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      const room = (await asOrganizer('GET', `/api/v1/events/${event.eventId}/waiting-room`)).json();
      expect(room.draw.earlyComers).toBe(40);
    } finally {
      await sibling.stop();
    }
  });

  it('streams a place as Server-Sent Events: the place now, and the admission when its turn comes', async () => {
    const event = await roomEvent({ admitPerMinute: 30 });
    const queue = await wallets(3);
    for (const wallet of queue) await join(wallet, event.eventId);
    await tick(61);
    const third = (await Promise.all(queue.map((w) => placeOf(w, event.eventId)))).findIndex((p) => p.position === 3);
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (server.app.server.address() as { port: number }).port;
    const path = `/api/v1/events/${event.eventId}/queue/stream`;
    const stream = openSse(port, `${path}?dpop=${await queue[third]!.proof('GET', path)}`);
    try {
      const places = () => stream.events.filter((e) => e.event === 'place').map((e) => JSON.parse(e.data));
      await stream.until(() => places().length > 0);
      expect(places()[0]).toMatchObject({ position: 3, ahead: 2, state: 'waiting' });
      await tick(6); // 6 seconds at 30 a minute: 3 through
      await stream.until(() => places().some((p) => p.state === 'admitted'), 8000);
      expect(places().at(-1)).toMatchObject({ position: 3, state: 'admitted', admission: expect.stringMatching(/^v1\./) });
    } finally {
      stream.close();
    }
  });

  it('refuses a room for an event of another organizer, and an opening after the end', async () => {
    const event = await roomEvent();
    const stranger = await signUp(server.app, 'Stranger');
    const other = await server.app.inject({ method: 'GET', url: `/api/v1/events/${event.eventId}/waiting-room`, headers: { authorization: `Bearer ${stranger.token}` } });
    expect(other.statusCode).toBe(404);
    const late = await asOrganizer('PATCH', `/api/v1/events/${event.eventId}`, { onSaleAt: '2100-01-01T00:00:00Z' });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.message).toBe('onSaleAt must be before endsAt');
  });
});
