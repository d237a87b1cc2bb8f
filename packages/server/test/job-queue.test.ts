import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { iso } from '../src/domain/clock.ts';
import { runDueJobs } from '../src/jobs/run-jobs.ts';
import type { Store } from '../src/storage/store.ts';
import { dialects } from './support/dialects.ts';
import { createServer } from '../src/server.ts';
import { bearer, publishedEvent, signUp, startTestServer, testConfig, type TestServer } from './support/harness.ts';
import { buyTickets } from './support/purchases.ts';
import { TestWallet } from './support/wallet.ts';

describe.each(dialects)('job queue on $name', (dialect) => {
  let server: TestServer;
  let other: Awaited<ReturnType<TestServer['sibling']>>;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    other = await server.sibling();
  });
  afterAll(async () => {
    await other.stop();
    await server.stop();
  });

  /** Jobs of a kind no handler knows: the runner fails them, which is what the retry tests need. */
  async function addJobs(count: number, kind = 'test.nothing', maxAttempts = 5) {
    const now = iso(server.clock());
    const ids = Array.from({ length: count }, () => randomUUID());
    for (const id of ids) {
      await server.ctx.store.repos.jobs.insert({
        id, kind, payload: '{}', run_at: now, attempts: 0, max_attempts: maxAttempts,
        locked_by: null, locked_until: null, last_error: null, done_at: null, created_at: now,
      });
    }
    return ids;
  }

  const claim = (store: Store, workerId: string, limit = 5) => {
    const now = server.clock();
    return store.transaction((repos) => repos.jobs.claim({ workerId, now: iso(now), lockedUntil: iso(new Date(now.getTime() + 300_000)), limit }));
  };

  const job = (id: string) => server.ctx.store.repos.jobs.find(id);

  /** Who got each job, counting every hand-out; a job handed out twice has two takers. */
  function takers(results: { worker: string; ids: string[] }[]) {
    const byJob = new Map<string, string[]>();
    for (const { worker, ids } of results) for (const id of ids) byJob.set(id, [...(byJob.get(id) ?? []), worker]);
    return byJob;
  }

  /**
   * The guard switched off: read the due jobs, then mark them taken, as two statements without
   * SKIP LOCKED or a condition on the update. `bothRead` holds every taker between its read and its
   * write, the interleaving that a busy server meets now and then, so the race shows every run.
   */
  async function naiveClaim(store: Store, workerId: string, bothRead: Promise<unknown>, read: () => void) {
    const db = store.storage.db;
    const ids = (await db.selectFrom('jobs').select('id').where('done_at', 'is', null).where('locked_by', 'is', null).orderBy('run_at').limit(5).execute()).map((r) => r.id);
    read();
    await bothRead;
    if (ids.length > 0) await db.updateTable('jobs').set({ locked_by: workerId }).where('id', 'in', ids).execute();
    return ids;
  }

  afterEach(async () => {
    await server.storage.db.deleteFrom('jobs').execute();
  });

  it('without the guard, select-then-update hands the same job to two processes', async () => {
    await addJobs(20);
    const stores = [server.ctx.store, other.ctx.store];
    const done: (() => void)[] = [];
    const bothRead = Promise.all(stores.map(() => new Promise<void>((resolve) => done.push(resolve))));
    const results = await Promise.all(
      stores.map(async (store, i) => ({ worker: `naive-${i}`, ids: await naiveClaim(store, `naive-${i}`, bothRead, done[i]!) })),
    );
    const twice = [...takers(results).values()].filter((workers) => workers.length > 1);
    expect(twice.length).toBeGreaterThan(0);
  });

  it('with the real claim, every job goes to exactly one taker', async () => {
    const ids = await addJobs(60);
    // PostgreSQL: two processes (two connection pools) claim at the same time. SQLite: the claims
    // of one process queue on its connection; a second process would wait for the file lock
    // (BEGIN IMMEDIATE), which inside one test process would block the event loop itself.
    const stores = dialect.name === 'postgres' ? [server.ctx.store, other.ctx.store] : [server.ctx.store];
    const results = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const worker = `worker-${i}`;
        const taken: string[] = [];
        for (let got = await claim(stores[i % stores.length]!, worker); got.length > 0; got = await claim(stores[i % stores.length]!, worker)) {
          taken.push(...got.map((j) => j.id));
        }
        return { worker, ids: taken };
      }),
    );
    const byJob = takers(results);
    expect([...byJob.keys()].sort()).toEqual([...ids].sort());
    expect([...byJob.values()].every((workers) => workers.length === 1)).toBe(true);
    if (dialect.name === 'sqlite') expect(await claim(other.ctx.store, 'second-process')).toEqual([]);
  });

  it('lets another process take a job whose lock ran out (its process died)', async () => {
    const [id] = await addJobs(1);
    expect((await claim(server.ctx.store, 'dies')).map((j) => j.id)).toEqual([id]);
    expect(await claim(other.ctx.store, 'survives')).toEqual([]);
    server.clock.advance(301);
    const [retaken] = await claim(other.ctx.store, 'survives');
    expect(retaken).toMatchObject({ id, locked_by: 'survives', attempts: 2 });
    // The dead process cannot finish a job that is no longer its own.
    expect(await server.ctx.store.repos.jobs.complete(id!, 'dies', iso(server.clock()))).toBe(false);
    expect(await server.ctx.store.repos.jobs.complete(id!, 'survives', iso(server.clock()))).toBe(true);
    expect((await job(id!))?.done_at).toBe(iso(server.clock()));
  });

  it('retries a failing job with exponential backoff, records the error, and gives up after max_attempts', async () => {
    const [id] = await addJobs(1, 'test.unknown', 4);
    const start = server.clock().getTime();
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      expect(await runDueJobs(server.ctx)).toBe(1);
      const row = (await job(id!))!;
      expect(row).toMatchObject({ attempts: attempt, done_at: null, locked_by: null, last_error: 'no handler for job kind "test.unknown"' });
      delays.push((Date.parse(row.run_at) - server.clock().getTime()) / 1000);
      expect(await runDueJobs(server.ctx)).toBe(0); // not before its time
      server.clock.advance(delays.at(-1)!);
    }
    expect(delays).toEqual([10, 20, 40, 80]);
    server.clock.advance(24 * 3600);
    expect(await runDueJobs(server.ctx)).toBe(0); // given up: attempts used up, never taken again
    expect((await job(id!))!.attempts).toBe(4);
    expect(server.clock().getTime()).toBeGreaterThan(start);
  });

  it('marks a job done once its handler succeeds', async () => {
    const now = iso(server.clock());
    const id = randomUUID();
    // A message that does not exist: the send handler has nothing to do, and that is a success.
    await server.ctx.store.repos.jobs.insert({
      id, kind: 'message.send', payload: JSON.stringify({ messageId: randomUUID() }), run_at: now, attempts: 0, max_attempts: 5,
      locked_by: null, locked_until: null, last_error: null, done_at: null, created_at: now,
    });
    expect(await runDueJobs(server.ctx)).toBe(1);
    expect(await job(id)).toMatchObject({ attempts: 1, done_at: now, locked_by: null, last_error: null });
    expect(await runDueJobs(server.ctx)).toBe(0);
  });
});

describe.each(dialects)('the background loop on $name', (dialect) => {
  it('runs due jobs by itself about every second, and stops with the server', async () => {
    const db = await dialect.open();
    const server = await createServer({ config: testConfig(), storage: db.storage }); // real clock, jobs on
    try {
      const { token } = await signUp(server.app);
      const event = await publishedEvent(server.app, token);
      const wallet = await TestWallet.withAccount(server.app);
      await buyTickets(wallet, event, 1);
      const sendAt = new Date(Date.now() + 500).toISOString();
      const res = await server.app.inject({ method: 'POST', url: `/api/v1/events/${event.eventId}/messages`, headers: bearer(token), payload: { title: 'Soon', body: 'b', sendAt } });
      expect(res.json().status).toBe('scheduled');
      const deadline = Date.now() + 5000;
      let messages: unknown[] = [];
      while (messages.length === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        messages = (await wallet.request('GET', '/api/v1/me/inbox')).json().messages;
      }
      expect(messages).toHaveLength(1);
    } finally {
      await server.close();
      await db.drop();
    }
  });
});
