import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runDueJobs } from '../src/jobs/run-jobs.ts';
import { dialects } from './support/dialects.ts';
import { bearer, publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { buyTickets } from './support/purchases.ts';
import { openSse } from './support/sse.ts';
import { TestWallet } from './support/wallet.ts';

const streamPath = '/api/v1/me/inbox/stream';

describe.each(dialects)('inbox stream (Server-Sent Events) on $name', (dialect) => {
  let server: TestServer;
  let port: number;
  let organizer: Awaited<ReturnType<typeof signUp>>;
  let event: { eventId: string; ticketTypeId: string };
  let holder: TestWallet;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    port = (server.app.server.address() as AddressInfo).port;
    organizer = await signUp(server.app);
    event = await publishedEvent(server.app, organizer.token);
    holder = await TestWallet.withAccount(server.app, server.clock);
    await buyTickets(holder, event, 1);
  });
  afterAll(() => server.stop());

  const send = (title: string, extra: object = {}, eventId = event.eventId) =>
    server.app.inject({ method: 'POST', url: `/api/v1/events/${eventId}/messages`, headers: bearer(organizer.token), payload: { title, body: 'b', ...extra } });
  /** The proof travels in the query, as the wallet's EventSource sends it. */
  const connect = async (wallet: TestWallet) => openSse(port, `${streamPath}?dpop=${await wallet.proof('GET', streamPath)}`);
  const subscribers = () => server.ctx.inboxBus.subscriberCount;
  const titles = (stream: ReturnType<typeof openSse>) => stream.events.filter((e) => e.event === 'message').map((e) => JSON.parse(e.data).title as string);

  it('sends the inbox on connect, then each message delivered to this account, and only those', async () => {
    await send('Before connecting');
    const stream = await connect(holder);
    const res = await stream.opened;
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    await stream.until(() => stream.events.some((e) => e.event === 'ready'));
    expect(titles(stream)).toEqual(['Before connecting']);

    const stranger = await TestWallet.withAccount(server.app, server.clock);
    await buyTickets(stranger, await publishedEvent(server.app, organizer.token), 1);
    const live = await send('Sent while connected');
    await stream.until(() => titles(stream).includes('Sent while connected'));
    const event_ = stream.events.find((e) => e.id === live.json().id)!;
    expect(JSON.parse(event_.data)).toEqual({ id: live.json().id, title: 'Sent while connected', body: 'b', sentAt: server.clock().toISOString(), eventId: event.eventId, organizerId: organizer.organizerId, organizerName: expect.any(String), marketing: false });

    // A scheduled message is announced by the job runner that sends it.
    await send('Scheduled', { sendAt: new Date(server.clock().getTime() + 60_000).toISOString() });
    server.clock.advance(61);
    await runDueJobs(server.ctx);
    await stream.until(() => titles(stream).includes('Scheduled'));
    expect(titles(stream)).toEqual(['Before connecting', 'Sent while connected', 'Scheduled']);
    stream.close();
    await stream.until(() => subscribers() === 0);
  });

  it('asks for a valid proof: the header or ?dpop=, with htu the URL without its query', async () => {
    const none = openSse(port, streamPath);
    expect((await none.opened).statusCode).toBe(401);
    const withQueryInHtu = openSse(port, `${streamPath}?dpop=${await holder.proof('GET', streamPath, { htu: `http://localhost:3000${streamPath}?dpop=x` })}`);
    expect((await withQueryInHtu.opened).statusCode).toBe(401);
    const proof = await holder.proof('GET', streamPath);
    const first = openSse(port, `${streamPath}?dpop=${proof}`);
    expect((await first.opened).statusCode).toBe(200);
    first.close();
    const replayed = openSse(port, `${streamPath}?dpop=${proof}`);
    expect((await replayed.opened).statusCode).toBe(401);
    await first.until(() => subscribers() === 0);
  });

  it('lets go of every subscription when clients disconnect, 1,000 times, and still streams', async () => {
    let peak = 0;
    const cycle = async (i: number) => {
      const stream = await connect(holder);
      // Leave at every stage: at once, while the server checks the proof, on the headers, after the inbox.
      if (i % 4 === 0) return stream.close();
      if (i % 4 === 1) return setTimeout(() => stream.close(), i % 7);
      await stream.opened;
      if (i % 4 === 3) await stream.until(() => stream.events.some((e) => e.event === 'ready'));
      peak = Math.max(peak, subscribers());
      stream.close();
    };
    for (let i = 0; i < 1000; i += 25) await Promise.all(Array.from({ length: 25 }, (_, j) => cycle(i + j)));
    expect(peak).toBeGreaterThan(0);
    const deadline = Date.now() + 5000;
    while (subscribers() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(subscribers()).toBe(0);

    const stream = await connect(holder);
    await stream.until(() => stream.events.some((e) => e.event === 'ready'));
    expect(subscribers()).toBe(1);
    await send('After a thousand goodbyes');
    await stream.until(() => titles(stream).includes('After a thousand goodbyes'));
    stream.close();
    await stream.until(() => subscribers() === 0);
  }, 120_000);

  it('ends open streams on shutdown instead of waiting for the clients', async () => {
    // A second process on the same database, so that closing it leaves the suite's server running.
    const other = await server.sibling();
    await other.app.listen({ port: 0, host: '127.0.0.1' });
    const otherPort = (other.app.server.address() as AddressInfo).port;
    const streams = await Promise.all([1, 2, 3].map(async () => openSse(otherPort, `${streamPath}?dpop=${await holder.proof('GET', streamPath)}`)));
    for (const s of streams) await s.until(() => s.events.some((e) => e.event === 'ready'));
    expect(other.ctx.inboxBus.subscriberCount).toBe(3);
    const started = Date.now();
    await other.stop();
    expect(Date.now() - started).toBeLessThan(3000);
    for (const s of streams) await s.until(() => s.state.ended);
    expect(other.ctx.inboxBus.subscriberCount).toBe(0);
  });

  // SQLite is one process: there is no notification connection to lose.
  if (dialect.name === 'postgres') it('catches up on what another process sent while the notification connection was down', async () => {
    const other = await server.sibling();
    await other.app.listen({ port: 0, host: '127.0.0.1' });
    const otherPort = (other.app.server.address() as AddressInfo).port;
    const db = server.storage.db;
    const schema = (await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db)).rows[0]!.schema;
    // Only this test's listeners: their channel names carry this schema.
    const listeners = sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE query = ${`LISTEN "tg_inbox:${schema}"`}`;
    try {
      const stream = await openSse(otherPort, `${streamPath}?dpop=${await holder.proof('GET', streamPath)}`);
      await stream.until(() => stream.events.some((e) => e.event === 'ready'));
      const listening = (count: number) => vi.waitFor(async () => expect((await listeners.execute(db)).rows).toHaveLength(count), { timeout: 5000, interval: 20 });
      await listening(2);
      for (const { pid } of (await listeners.execute(db)).rows) await sql`SELECT pg_terminate_backend(${pid})`.execute(db);
      await listening(0);
      // Sent through this process while the other cannot hear a NOTIFY.
      const missed = await send('While the line was down');
      expect(missed.statusCode).toBe(201);
      await stream.until(() => titles(stream).includes('While the line was down'));
      expect(stream.events.filter((e) => e.id === missed.json().id)).toHaveLength(1);
      // Back to normal afterwards, and nothing is sent twice.
      await send('After the line came back');
      await stream.until(() => titles(stream).includes('After the line came back'));
      expect(new Set(titles(stream)).size).toBe(titles(stream).length);
      stream.close();
    } finally {
      await other.stop();
    }
  }, 30_000);
});
