/**
 * Scale-out benchmark: `npm run bench:scale`. On PostgreSQL (BENCH_DATABASE_URL, the admin URL), in one run:
 *   1. POST /api/v1/orders against 1 real server process for 10 s (50 connections, fresh DPoP proof each);
 *   2. the same against 2 processes on the same database, 25 connections each, added up;
 *   3. a sell-out round across both: 2,000 buyers for 500 seats, alternating processes; oversold must be 0.
 * The load generator runs here, on the same machine: client, servers and PostgreSQL share its cores,
 * so the ratio says how far a second process helps on this machine, not on a cluster.
 * Env: BENCH_DATABASE_URL, BENCH_RESULTS=0 (do not append).
 */
import { loadavg } from 'node:os';
import { randomBytes } from 'node:crypto';
import { dpopProof, newHolder } from './dpop.ts';
import { runLoad, type LoadResult } from './load.ts';
import { withPostgres } from './support/databases.ts';
import { api, bearer, type RequestSpec } from './support/http.ts';
import { aborted, guardRun, startRealServer, type Server } from './support/process.ts';
import { finish, gitNote, machine, utcMinute } from './support/results.ts';
import { fixed, mark } from './support/stats.ts';

const CONNECTIONS = 50;
const WARMUP_MS = 2_000;
const DURATION_MS = 10_000;
const ACCOUNTS = 2_000;
const SELLOUT_CAPACITY = 500;
const SELLOUT_REQUESTS = 2_000;
const publicUrl = 'http://bench.test';

interface Figures {
  one: LoadResult;
  two: LoadResult[];
  sellout: { accepted: number; soldOut: number; perProcess: number[]; taken: number; oversold: number };
  problems: string[];
}

guardRun(8 * 60_000);
const holders = Array.from({ length: ACCOUNTS }, newHolder);

const order = (eventId: string, ticketTypeId: string, offset = 0) => (i: number): RequestSpec => ({
  method: 'POST',
  path: '/api/v1/orders',
  headers: { dpop: dpopProof(holders[(i + offset) % holders.length]!, 'POST', `${publicUrl}/api/v1/orders`) },
  body: JSON.stringify({ eventId, items: [{ ticketTypeId, quantity: 1 }] }),
});

const timed = (server: Server, connections: number, next: (i: number) => RequestSpec) =>
  runLoad({ port: server.port, connections, warmupMs: WARMUP_MS, durationMs: DURATION_MS, maxRequests: 500_000, stop: aborted, next });

function unexpected(label: string, result: LoadResult, problems: string[]) {
  for (const [status, count] of result.statuses) if (status !== 201 && status !== 409) problems.push(`${label}: ${count} x ${status} (${result.samples.join(' | ')})`);
}

async function bench(url: string): Promise<Figures> {
  const problems: string[] = [];
  const shared = { secret: randomBytes(32).toString('hex'), publicUrl };
  const first = await startRealServer(url, shared);
  try {
    const { token } = await api<{ token: string }>(first.port, 'POST', '/api/v1/organizers', 201, {}, { name: 'Bench', email: `scale-${Date.now()}@example.com`, password: 'bench-password-123' });
    const startsAt = new Date(Date.now() + 30 * 86_400_000);
    const { id: eventId } = await api<{ id: string }>(first.port, 'POST', '/api/v1/events', 201, bearer(token), {
      name: 'Bench scale', venue: 'Loopback Hall', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 4 * 3_600_000).toISOString(),
    });
    const type = async (name: string, capacity: number) =>
      (await api<{ id: string }>(first.port, 'POST', `/api/v1/events/${eventId}/ticket-types`, 201, bearer(token), { name, priceCents: 5000, currency: 'EUR', capacity })).id;
    const loadType = await type('Load', 1_000_000);
    const selloutType = await type('Sell-out', SELLOUT_CAPACITY);
    await api(first.port, 'POST', `/api/v1/events/${eventId}/publish`, 200, bearer(token), {});
    const accounts = await runLoad({
      port: first.port, connections: CONNECTIONS, warmupMs: 0, durationMs: 120_000, maxRequests: ACCOUNTS, stop: aborted,
      next: (i) => ({ method: 'POST', path: '/api/v1/accounts', headers: { dpop: dpopProof(holders[i]!, 'POST', `${publicUrl}/api/v1/accounts`) }, body: '{}' }),
    });
    if (accounts.statuses.get(201) !== ACCOUNTS) throw new Error(`accounts: ${JSON.stringify([...accounts.statuses])} ${accounts.samples.join(' | ')}`);

    console.log('1 process...');
    const one = await timed(first, CONNECTIONS, order(eventId, loadType));
    unexpected('1 process', one, problems);

    console.log('2 processes...');
    const second = await startRealServer(url, shared);
    try {
      const servers = [first, second];
      const two = await Promise.all(servers.map((s, n) => timed(s, CONNECTIONS / 2, order(eventId, loadType, n * 1000))));
      two.forEach((r, n) => unexpected(`2 processes, process ${n + 1}`, r, problems));

      console.log('sell-out across both...');
      const rounds = await Promise.all(servers.map((s, n) =>
        runLoad({ port: s.port, connections: CONNECTIONS / 2, warmupMs: 0, durationMs: 120_000, maxRequests: SELLOUT_REQUESTS / 2, stop: aborted, next: order(eventId, selloutType, n * 1000) }),
      ));
      rounds.forEach((r, n) => unexpected(`sell-out, process ${n + 1}`, r, problems));
      const perProcess = rounds.map((r) => r.statuses.get(201) ?? 0);
      const accepted = perProcess.reduce((a, b) => a + b, 0);
      const soldOut = rounds.reduce((n, r) => n + (r.conflictCodes.get('sold_out') ?? 0), 0);
      const insights = await api<{ ticketTypes: { id: string; capacity: number; held: number; sold: number }[] }>(second.port, 'GET', `/api/v1/events/${eventId}/insights`, 200, bearer(token));
      const seen = insights.ticketTypes.find((t) => t.id === selloutType)!;
      const taken = seen.held + seen.sold;
      const oversold = Math.max(0, accepted - SELLOUT_CAPACITY, taken - SELLOUT_CAPACITY);
      if (oversold > 0) problems.push(`OVERSOLD by ${oversold}`);
      if (taken !== accepted) problems.push(`201 answers (${accepted}) differ from held+sold (${taken})`);
      return { one, two, sellout: { accepted, soldOut, perProcess, taken, oversold }, problems };
    } finally {
      await second.stop();
    }
  } finally {
    await first.stop();
  }
}

const loadAtStart = loadavg()[0]!;
const adminUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const run: { figures: Figures[]; failures: string[] } = { figures: [], failures: [] };
try {
  run.figures.push(await withPostgres(adminUrl, 'scale', bench));
} catch (error) {
  run.failures.push(`postgres: ${error instanceof Error ? error.message : String(error)}`);
}
if (aborted()) await new Promise(() => {});

const twoRate = (f: Figures) => f.two.reduce((n, r) => n + r.rate, 0);
for (const f of run.figures) {
  console.log(`1 process: ${fixed(f.one.rate, 0)} orders/s (p99 ${fixed(f.one.p99)} ms); 2 processes: ${fixed(twoRate(f), 0)} orders/s; ratio ${(twoRate(f) / f.one.rate).toFixed(2)}; oversold ${f.sellout.oversold}`);
}
finish(run, () => {
  const f = run.figures[0]!;
  const ratio = twoRate(f) / f.one.rate;
  return {
    title: `Scale-out: ${utcMinute()}`,
    paragraphs: [
      `Command: \`npm run bench:scale\` (bench/scale.ts). Code: ${gitNote()}. Machine: ${machine()}, shared and noisy; 1-min load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end; Node ${process.version}. PostgreSQL only.`,
      `Method: real server processes (node --import tsx) on one fresh PostgreSQL database, sharing TG_SECRET and PUBLIC_URL as behind a load balancer. ` +
        `\`POST /api/v1/orders\` with a fresh DPoP proof each, over ${ACCOUNTS} accounts, ${CONNECTIONS} keep-alive connections in all, 2 s warm-up, 10 s timed: first against 1 process, then against 2 (${CONNECTIONS / 2} connections each, rates added). ` +
        `Then a sell-out round across both: ${SELLOUT_REQUESTS} buyers for ${SELLOUT_CAPACITY} seats, half sent to each process. The load generator, both servers and PostgreSQL share the machine's cores.`,
    ],
    tables: [
      [
        '| | 1 process | 2 processes | target |',
        '|---|---:|---:|---|',
        `| orders served/s (201+409) | ${fixed(f.one.rate, 0)} | ${fixed(twoRate(f), 0)} (${f.two.map((r) => fixed(r.rate, 0)).join(' + ')}) | |`,
        `| ratio 2/1 | | ${ratio.toFixed(2)} | > 1 where there are cores to spare (${mark(ratio > 1)}) |`,
        `| p50 / p99 ms | ${fixed(f.one.p50)} / ${fixed(f.one.p99)} | ${f.two.map((r) => `${fixed(r.p50)} / ${fixed(r.p99)}`).join(', ')} | |`,
        `| sell-out: 201 of ${SELLOUT_REQUESTS} for ${SELLOUT_CAPACITY} seats | | ${f.sellout.accepted} (${f.sellout.perProcess.join(' + ')}), ${f.sellout.soldOut} sold_out, held+sold ${f.sellout.taken} | |`,
        `| oversold | | ${f.sellout.oversold} | = 0 (${mark(f.sellout.oversold === 0)}) |`,
      ].join('\n'),
    ],
    fileHeader: '# Benchmark results\n',
  };
});
