/**
 * On-sale benchmark: `npm run bench:onsale`. For SQLite and PostgreSQL it measures
 *   1. the bare ceiling: bench/bare-server.ts, one Fastify route doing only the capacity update;
 *   2. the real route: POST /api/v1/orders of the real server, with a fresh DPoP proof per request;
 *   3. a sell-out round: many more buyers than seats, then counts oversold seats (must be 0).
 * Servers run as child processes; the load generator runs here. All traffic goes to 127.0.0.1.
 * Env: BENCH_DATABASE_URL (PostgreSQL admin URL), BENCH_ONLY=sqlite|postgres, BENCH_RESULTS=0 (do not append),
 * BENCH_SERVER_NODE_ARGS (extra node flags for the real server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p"),
 * BENCH_PG_LOG_MIN_DURATION (see bench/gate.ts).
 */
import { loadavg } from 'node:os';
import { dpopProof, newHolder, type Holder } from './dpop.ts';
import { runLoad, type LoadResult } from './load.ts';
import { eachDatabase, type Database } from './support/databases.ts';
import { api, bearer, type RequestSpec } from './support/http.ts';
import { aborted, guardRun, startRealServer, startServer } from './support/process.ts';
import { finish, gitNote, machine, utcMinute } from './support/results.ts';
import { fixed, mark } from './support/stats.ts';

const CONNECTIONS = 50;
const WARMUP_MS = 2_000;
const DURATION_MS = 10_000;
const ACCOUNTS = 2_000;
const SELLOUT_CAPACITY = 500;
const SELLOUT_REQUESTS = 2_000;
const LOAD_CAPACITY = 1_000_000; // the API maximum; far above what 12 s can sell
const MAX_TIMED_REQUESTS = 500_000;
const TARGET = { ratio: 0.5, p99Ms: 50, oversold: 0 };

interface DbFigures {
  database: Database;
  bare: LoadResult;
  real: LoadResult;
  accountsPerSecond: number;
  sellout: { p50: number; p99: number; capacity: number; requests: number; accepted: number; soldOut: number; insightsTaken: number; publicAvailable: number; oversold: number };
  problems: string[];
}

/** Starts bench/RESULTS.md if it is missing: what the on-sale figures mean. */
const FILE_HEADER = [
  '# On-sale benchmark results',
  '',
  'Appended by `npm run bench:onsale` (bench/onsale.ts). Per database, with 50 keep-alive connections, a 2 s warm-up and a 10 s timed run:',
  '',
  '- **bare**: bench/bare-server.ts, one Fastify route with no auth doing only the seat update',
  '  `UPDATE ticket_types SET taken = taken + 1 WHERE id = ? AND taken + 1 <= capacity` on the same database: the ceiling.',
  '- **real**: `POST /api/v1/orders` of the real server, each request with a fresh DPoP proof, rotating over 2,000 accounts.',
  '- **served/s**: answers 201 (held) or 409 (sold_out / limit_exceeded) per second; any other status is an error and is listed.',
  '- **ratio**: real served/s divided by bare served/s (target >= 0.5).',
  '- **p50 / p99**: latency in ms from sending a request to its last byte, over the timed run (target p99 < 50 ms).',
  '- **oversold**: a sell-out round, 2,000 buyers for 500 seats; max(0, holds accepted - capacity), cross-checked with',
  '  insights (held + sold) and the public `available`. Must be 0.',
  '',
  'The load generator (node:http, keep-alive agent) runs in the bench process and each server in its own child process,',
  'on the same machine: client and server share its cores.',
  '',
].join('\n');

// The bench normally takes under 2 minutes; past 8 a server hangs, and the clean-up runs.
guardRun(8 * 60_000);

function checkStatuses(label: string, result: LoadResult, problems: string[], allowed: number[]) {
  for (const [status, count] of result.statuses) {
    if (!allowed.includes(status)) problems.push(`${label}: ${count} answers with status ${status} (${result.samples.join(' | ') || 'no sample'})`);
  }
}

/** Timed load with the bench's connections, warm-up and duration. */
const timedLoad = (port: number, next: (i: number) => RequestSpec) =>
  runLoad({ port, connections: CONNECTIONS, warmupMs: WARMUP_MS, durationMs: DURATION_MS, maxRequests: MAX_TIMED_REQUESTS, stop: aborted, next });

/** A fixed number of requests, however long they take (up to 2 minutes). */
const countedLoad = (port: number, requests: number, next: (i: number) => RequestSpec) =>
  runLoad({ port, connections: CONNECTIONS, warmupMs: 0, durationMs: 120_000, maxRequests: requests, stop: aborted, next });

async function benchDatabase(database: Database, databaseUrl: string, holders: Holder[]): Promise<DbFigures> {
  const problems: string[] = [];
  const real = await startRealServer(databaseUrl);
  const { port } = real;
  try {
    // Set-up through the API.
    const { token } = await api<{ token: string }>(port, 'POST', '/api/v1/organizers', 201, {}, { name: 'Bench', email: `bench-${Date.now()}@example.com`, password: 'bench-password-123' });
    const startsAt = new Date(Date.now() + 30 * 86_400_000);
    const endsAt = new Date(startsAt.getTime() + 4 * 3_600_000);
    const event = await api<{ id: string }>(port, 'POST', '/api/v1/events', 201, bearer(token), { name: 'Bench on-sale', venue: 'Loopback Hall', startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() });
    const eventId = event.id;
    const ticketType = async (name: string, capacity: number) =>
      (await api<{ id: string }>(port, 'POST', `/api/v1/events/${eventId}/ticket-types`, 201, bearer(token), { name, priceCents: 5000, currency: 'EUR', capacity })).id;
    const loadType = await ticketType('Load', LOAD_CAPACITY);
    const selloutType = await ticketType('Sell-out', SELLOUT_CAPACITY);
    const bareType = await ticketType('Bare', LOAD_CAPACITY);
    await api(port, 'POST', `/api/v1/events/${eventId}/publish`, 200, bearer(token), {});

    // Accounts: one per holder key.
    const accountsHtu = `${real.url}/api/v1/accounts`;
    const accounts = await countedLoad(port, holders.length, (i) => ({ method: 'POST', path: '/api/v1/accounts', headers: { dpop: dpopProof(holders[i]!, 'POST', accountsHtu) }, body: '{}' }));
    if (accounts.statuses.get(201) !== holders.length) throw new Error(`accounts: expected ${holders.length} x 201, got ${JSON.stringify([...accounts.statuses])} ${accounts.samples.join(' | ')}`);

    // Real route, timed.
    const ordersHtu = `${real.url}/api/v1/orders`;
    const order = (ticketTypeId: string) => (i: number): RequestSpec => ({
      method: 'POST',
      path: '/api/v1/orders',
      headers: { dpop: dpopProof(holders[i % holders.length]!, 'POST', ordersHtu) },
      body: JSON.stringify({ eventId, items: [{ ticketTypeId, quantity: 1 }] }),
    });
    const realRun = await timedLoad(port, order(loadType));
    checkStatuses(`${database} real`, realRun, problems, [201, 409]);

    // Sell-out round: SELLOUT_REQUESTS buyers for SELLOUT_CAPACITY seats.
    const sellout = await countedLoad(port, SELLOUT_REQUESTS, order(selloutType));
    checkStatuses(`${database} sell-out`, sellout, problems, [201, 409]);
    const accepted = sellout.statuses.get(201) ?? 0;
    const soldOut = sellout.conflictCodes.get('sold_out') ?? 0;
    const insights = await api<{ ticketTypes: { id: string; capacity: number; held: number; sold: number; available: number }[] }>(
      port, 'GET', `/api/v1/events/${eventId}/insights`, 200, bearer(token),
    );
    const publicEvent = await api<{ ticketTypes: { id: string; available: number }[] }>(port, 'GET', `/api/v1/events/${eventId}`, 200);
    const seen = insights.ticketTypes.find((t) => t.id === selloutType);
    const publicSeen = publicEvent.ticketTypes.find((t) => t.id === selloutType);
    if (!seen || !publicSeen) throw new Error('sell-out ticket type missing from insights or public event');
    const insightsTaken = seen.held + seen.sold;
    const oversold = Math.max(0, accepted - SELLOUT_CAPACITY, insightsTaken - seen.capacity, -publicSeen.available);
    if (oversold > 0) problems.push(`${database}: OVERSOLD by ${oversold} (201s ${accepted}, held+sold ${insightsTaken}, capacity ${seen.capacity})`);
    if (insightsTaken !== accepted) problems.push(`${database}: sell-out 201 answers (${accepted}) differ from held+sold in insights (${insightsTaken})`);
    if (accepted + soldOut !== SELLOUT_REQUESTS) problems.push(`${database}: sell-out answers: ${accepted} x 201 + ${soldOut} x sold_out != ${SELLOUT_REQUESTS}`);
    await real.stop();

    // Bare ceiling on the same database, after the real server has stopped.
    const bare = await startServer('bench/bare-server.ts', (barePort) => ({ PORT: String(barePort), DATABASE_URL: databaseUrl }), '/');
    let bareRun: LoadResult;
    try {
      bareRun = await timedLoad(bare.port, () => ({ method: 'POST', path: '/api/v1/orders', body: JSON.stringify({ eventId, items: [{ ticketTypeId: bareType, quantity: 1 }] }) }));
      checkStatuses(`${database} bare`, bareRun, problems, [201, 409]);
    } finally {
      await bare.stop();
    }

    return {
      database,
      bare: bareRun,
      real: realRun,
      accountsPerSecond: accounts.rate,
      sellout: { p50: sellout.p50, p99: sellout.p99, capacity: SELLOUT_CAPACITY, requests: SELLOUT_REQUESTS, accepted, soldOut, insightsTaken, publicAvailable: publicSeen.available, oversold },
      problems,
    };
  } finally {
    await real.stop();
  }
}

const statusList = (r: LoadResult) => [...r.statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}: ${n}`).join(', ');

function table(f: DbFigures) {
  const ratio = f.real.rate / f.bare.rate;
  return [
    `| ${f.database} | bare | real | target |`,
    '|---|---:|---:|---|',
    `| served/s (201+409) | ${fixed(f.bare.rate, 0)} | ${fixed(f.real.rate, 0)} | |`,
    `| ratio real/bare | | ${ratio.toFixed(3)} | >= ${TARGET.ratio} (${mark(ratio >= TARGET.ratio)}) |`,
    `| p50 ms | ${fixed(f.bare.p50)} | ${fixed(f.real.p50)} | |`,
    `| p99 ms | ${fixed(f.bare.p99)} | ${fixed(f.real.p99)} | < ${TARGET.p99Ms} (${mark(f.real.p99 < TARGET.p99Ms)}) |`,
    `| oversold | | ${f.sellout.oversold} | = 0 (${mark(f.sellout.oversold === 0)}) |`,
    '',
    `Answers, bare: ${statusList(f.bare)}; real: ${statusList(f.real)}. Sell-out: ${f.sellout.requests} requests for ${f.sellout.capacity} seats -> ` +
      `${f.sellout.accepted} x 201, ${f.sellout.soldOut} x sold_out; insights held+sold ${f.sellout.insightsTaken}, public available ${f.sellout.publicAvailable}; latency p50 ${fixed(f.sellout.p50)} ms, p99 ${fixed(f.sellout.p99)} ms. ` +
      `Account creation: ${fixed(f.accountsPerSecond, 0)}/s.` +
      (f.problems.length ? `\n\n**Problems:** ${f.problems.join('; ')}` : ''),
  ].join('\n');
}

function print(f: DbFigures) {
  const ratio = f.real.rate / f.bare.rate;
  console.log(`\n=== ${f.database} ===`);
  console.log(`bare : ${fixed(f.bare.rate, 0)} req/s  p50 ${fixed(f.bare.p50)} ms  p99 ${fixed(f.bare.p99)} ms  (${statusList(f.bare)})`);
  console.log(`real : ${fixed(f.real.rate, 0)} req/s  p50 ${fixed(f.real.p50)} ms  p99 ${fixed(f.real.p99)} ms  (${statusList(f.real)})`);
  console.log(`ratio real/bare ${ratio.toFixed(3)} (target >= ${TARGET.ratio}: ${mark(ratio >= TARGET.ratio)}); real p99 target < ${TARGET.p99Ms} ms: ${mark(f.real.p99 < TARGET.p99Ms)}`);
  console.log(`sell-out: ${f.sellout.accepted}/${f.sellout.requests} accepted for ${f.sellout.capacity} seats, oversold ${f.sellout.oversold} (target 0: ${mark(f.sellout.oversold === 0)})`);
  console.log(`sell-out latency p50 ${fixed(f.sellout.p50)} ms p99 ${fixed(f.sellout.p99)} ms; accounts created at ${fixed(f.accountsPerSecond, 0)}/s`);
  for (const p of f.problems) console.log(`PROBLEM: ${p}`);
}

const loadAtStart = loadavg()[0]!;
console.log(`generating ${ACCOUNTS} P-256 holder keys...`);
const holders = Array.from({ length: ACCOUNTS }, newHolder);
const run = await eachDatabase('onsale', (database, url) => benchDatabase(database, url, holders));
for (const f of run.figures) print(f);
finish(run, () => ({
  title: utcMinute(),
  paragraphs: [
    `Command: \`npm run bench:onsale\`. Code: ${gitNote()}. Machine: ${machine()}, shared and noisy; 1-min load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end; Node ${process.version}.`,
  ],
  tables: run.figures.map(table),
  fileHeader: FILE_HEADER,
}));
