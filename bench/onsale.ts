/**
 * On-sale benchmark: `npm run bench:onsale`. For SQLite and PostgreSQL it measures
 *   1. the bare ceiling: bench/bare-server.ts, one Fastify route doing only the capacity update;
 *   2. the real route: POST /api/v1/orders of the real server, with a fresh DPoP proof per request;
 *   3. a sell-out round: many more buyers than seats, then counts oversold seats (must be 0).
 * Servers run as child processes; the load generator runs here. All traffic goes to 127.0.0.1.
 * Env: BENCH_DATABASE_URL (PostgreSQL admin URL), BENCH_ONLY=sqlite|postgres, BENCH_RESULTS=0 (do not append),
 * BENCH_SERVER_NODE_ARGS (extra node flags for the real server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p").
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { dpopProof, newHolder, type Holder } from './dpop.ts';
import { destroyAgent, runLoad, send, type LoadResult, type RequestSpec } from './load.ts';

const root = resolve(import.meta.dirname, '..');
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
  database: 'sqlite' | 'postgres';
  bare: LoadResult;
  real: LoadResult;
  accountsPerSecond: number;
  sellout: { p50: number; p99: number; capacity: number; requests: number; accepted: number; soldOut: number; insightsTaken: number; publicAvailable: number; oversold: number };
  problems: string[];
}

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let interrupted = false;
const stop = () => interrupted;
const checkpoint = () => {
  if (interrupted) throw new Error('interrupted');
};
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});
// Whole-run watchdog: the bench normally takes under 2 minutes; the exit handler then kills the servers.
const watchdog = setTimeout(() => {
  console.error('bench took more than 8 minutes: giving up');
  process.exit(1);
}, 8 * 60_000);
// First Ctrl-C: stop the load, let the finally blocks stop servers and drop the database. Second: exit now.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error(`\n${signal}: stopping the load and cleaning up (again to exit at once)`);
  });
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => ok(port));
    });
  });
}

/** Starts a TS file under node --import tsx; keeps the last lines of its output for errors. */
function startChild(file: string, env: Record<string, string>, nodeArgs: string[] = []) {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', file], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let tail = '';
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString('utf8')).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, tail: () => tail };
}

async function waitReady(port: number, child: ChildProcess, tail: () => string, path: string) {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    checkpoint();
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was ready:\n${tail()}`);
    const answer = await send(port, { method: 'GET', path }, 1_000);
    if (answer.status > 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not ready on port ${port} after 60 s:\n${tail()}`);
}

/** SIGTERM by the child's own pid, SIGKILL after 10 s. */
async function stopChild(child: ChildProcess) {
  if (child.exitCode === null && child.signalCode === null && child.pid) {
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(child.pid, 'SIGTERM');
    const timer = setTimeout(() => child.exitCode === null && child.pid && process.kill(child.pid, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  children.delete(child);
}

async function api(port: number, spec: RequestSpec, expected: number) {
  const answer = await send(port, spec);
  if (answer.status !== expected) throw new Error(`${spec.method} ${spec.path}: expected ${expected}, got ${answer.status} ${answer.body.slice(0, 300)}`);
  return JSON.parse(answer.body) as Record<string, unknown>;
}

const json = (body: unknown) => JSON.stringify(body);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function checkStatuses(label: string, result: LoadResult, problems: string[], allowed: number[]) {
  for (const [status, count] of result.statuses) {
    if (!allowed.includes(status)) problems.push(`${label}: ${count} answers with status ${status} (${result.samples.join(' | ') || 'no sample'})`);
  }
}

async function benchDatabase(database: 'sqlite' | 'postgres', databaseUrl: string, holders: Holder[]): Promise<DbFigures> {
  const problems: string[] = [];
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const real = startChild(
    'packages/server/src/main.ts',
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: publicUrl,
      DATABASE_URL: databaseUrl,
      TG_DEMO: '0',
      LOG_LEVEL: 'warn',
      TG_SECRET: randomBytes(32).toString('hex'),
    },
    nodeArgs,
  );
  let realStopped = false;
  try {
    await waitReady(port, real.child, real.tail, '/api/v1/health');

    // Set-up through the API.
    const signUp = await api(port, { method: 'POST', path: '/api/v1/organizers', body: json({ name: 'Bench', email: `bench-${Date.now()}@example.com`, password: 'bench-password-123' }) }, 201);
    const token = String(signUp.token);
    const startsAt = new Date(Date.now() + 30 * 86_400_000);
    const endsAt = new Date(startsAt.getTime() + 4 * 3_600_000);
    const event = await api(port, { method: 'POST', path: '/api/v1/events', headers: bearer(token), body: json({ name: 'Bench on-sale', venue: 'Loopback Hall', startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() }) }, 201);
    const eventId = String(event.id);
    const ticketType = async (name: string, capacity: number) =>
      String((await api(port, { method: 'POST', path: `/api/v1/events/${eventId}/ticket-types`, headers: bearer(token), body: json({ name, priceCents: 5000, currency: 'EUR', capacity }) }, 201)).id);
    const loadType = await ticketType('Load', LOAD_CAPACITY);
    const selloutType = await ticketType('Sell-out', SELLOUT_CAPACITY);
    const bareType = await ticketType('Bare', LOAD_CAPACITY);
    await api(port, { method: 'POST', path: `/api/v1/events/${eventId}/publish`, headers: bearer(token), body: json({}) }, 200);

    // Accounts: one per holder key.
    const accountsHtu = `${publicUrl}/api/v1/accounts`;
    const accounts = await runLoad({
      port, connections: CONNECTIONS, warmupMs: 0, durationMs: 120_000, maxRequests: holders.length, stop,
      next: (i) => ({ method: 'POST', path: '/api/v1/accounts', headers: { dpop: dpopProof(holders[i]!, 'POST', accountsHtu) }, body: '{}' }),
    });
    if (accounts.statuses.get(201) !== holders.length) throw new Error(`accounts: expected ${holders.length} x 201, got ${JSON.stringify([...accounts.statuses])} ${accounts.samples.join(' | ')}`);

    checkpoint();
    // Real route, timed.
    const ordersHtu = `${publicUrl}/api/v1/orders`;
    const order = (ticketTypeId: string) => (i: number): RequestSpec => ({
      method: 'POST',
      path: '/api/v1/orders',
      headers: { dpop: dpopProof(holders[i % holders.length]!, 'POST', ordersHtu) },
      body: json({ eventId, items: [{ ticketTypeId, quantity: 1 }] }),
    });
    const realRun = await runLoad({ port, connections: CONNECTIONS, warmupMs: WARMUP_MS, durationMs: DURATION_MS, maxRequests: MAX_TIMED_REQUESTS, stop, next: order(loadType) });
    checkStatuses(`${database} real`, realRun, problems, [201, 409]);

    checkpoint();
    // Sell-out round: SELLOUT_REQUESTS buyers for SELLOUT_CAPACITY seats.
    const sellout = await runLoad({ port, connections: CONNECTIONS, warmupMs: 0, durationMs: 120_000, maxRequests: SELLOUT_REQUESTS, stop, next: order(selloutType) });
    checkStatuses(`${database} sell-out`, sellout, problems, [201, 409]);
    const accepted = sellout.statuses.get(201) ?? 0;
    const soldOut = sellout.conflictCodes.get('sold_out') ?? 0;
    const insights = (await api(port, { method: 'GET', path: `/api/v1/events/${eventId}/insights`, headers: bearer(token) }, 200)) as {
      ticketTypes: { id: string; capacity: number; held: number; sold: number; available: number }[];
    };
    const publicEvent = (await api(port, { method: 'GET', path: `/api/v1/events/${eventId}` }, 200)) as { ticketTypes: { id: string; available: number }[] };
    const seen = insights.ticketTypes.find((t) => t.id === selloutType);
    const publicSeen = publicEvent.ticketTypes.find((t) => t.id === selloutType);
    if (!seen || !publicSeen) throw new Error('sell-out ticket type missing from insights or public event');
    const insightsTaken = seen.held + seen.sold;
    const oversold = Math.max(0, accepted - SELLOUT_CAPACITY, insightsTaken - seen.capacity, -publicSeen.available);
    if (oversold > 0) problems.push(`${database}: OVERSOLD by ${oversold} (201s ${accepted}, held+sold ${insightsTaken}, capacity ${seen.capacity})`);
    if (insightsTaken !== accepted) problems.push(`${database}: sell-out 201 answers (${accepted}) differ from held+sold in insights (${insightsTaken})`);
    if (accepted + soldOut !== SELLOUT_REQUESTS) problems.push(`${database}: sell-out answers: ${accepted} x 201 + ${soldOut} x sold_out != ${SELLOUT_REQUESTS}`);

    checkpoint();
    await stopChild(real.child);
    realStopped = true;

    // Bare ceiling on the same database, after the real server has stopped.
    const barePort = await freePort();
    const bare = startChild('bench/bare-server.ts', { PORT: String(barePort), DATABASE_URL: databaseUrl });
    let bareRun: LoadResult;
    try {
      await waitReady(barePort, bare.child, bare.tail, '/');
      bareRun = await runLoad({
        port: barePort, connections: CONNECTIONS, warmupMs: WARMUP_MS, durationMs: DURATION_MS, maxRequests: MAX_TIMED_REQUESTS, stop,
        next: () => ({ method: 'POST', path: '/api/v1/orders', body: json({ eventId, items: [{ ticketTypeId: bareType, quantity: 1 }] }) }),
      });
      checkpoint();
      checkStatuses(`${database} bare`, bareRun, problems, [201, 409]);
    } finally {
      await stopChild(bare.child);
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
    if (!realStopped) await stopChild(real.child);
  }
}

async function withPostgres<T>(adminUrl: string, work: (url: string) => Promise<T>): Promise<T> {
  const name = `tg_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    try {
      return await work(url.toString());
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : 'n/a');
const rps = (v: number) => v.toFixed(0);
const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
const statusList = (r: LoadResult) => [...r.statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}: ${n}`).join(', ');

function table(f: DbFigures) {
  const ratio = f.real.rate / f.bare.rate;
  return [
    `| ${f.database} | bare | real | target |`,
    '|---|---:|---:|---|',
    `| served/s (201+409) | ${rps(f.bare.rate)} | ${rps(f.real.rate)} | |`,
    `| ratio real/bare | | ${ratio.toFixed(3)} | >= ${TARGET.ratio} (${mark(ratio >= TARGET.ratio)}) |`,
    `| p50 ms | ${ms(f.bare.p50)} | ${ms(f.real.p50)} | |`,
    `| p99 ms | ${ms(f.bare.p99)} | ${ms(f.real.p99)} | < ${TARGET.p99Ms} (${mark(f.real.p99 < TARGET.p99Ms)}) |`,
    `| oversold | | ${f.sellout.oversold} | = 0 (${mark(f.sellout.oversold === 0)}) |`,
    '',
    `Answers, bare: ${statusList(f.bare)}; real: ${statusList(f.real)}. Sell-out: ${f.sellout.requests} requests for ${f.sellout.capacity} seats -> ` +
      `${f.sellout.accepted} x 201, ${f.sellout.soldOut} x sold_out; insights held+sold ${f.sellout.insightsTaken}, public available ${f.sellout.publicAvailable}; latency p50 ${ms(f.sellout.p50)} ms, p99 ${ms(f.sellout.p99)} ms. ` +
      `Account creation: ${rps(f.accountsPerSecond)}/s.` +
      (f.problems.length ? `\n\n**Problems:** ${f.problems.join('; ')}` : ''),
  ].join('\n');
}

function print(f: DbFigures) {
  const ratio = f.real.rate / f.bare.rate;
  console.log(`\n=== ${f.database} ===`);
  console.log(`bare : ${rps(f.bare.rate)} req/s  p50 ${ms(f.bare.p50)} ms  p99 ${ms(f.bare.p99)} ms  (${statusList(f.bare)})`);
  console.log(`real : ${rps(f.real.rate)} req/s  p50 ${ms(f.real.p50)} ms  p99 ${ms(f.real.p99)} ms  (${statusList(f.real)})`);
  console.log(`ratio real/bare ${ratio.toFixed(3)} (target >= ${TARGET.ratio}: ${mark(ratio >= TARGET.ratio)}); real p99 target < ${TARGET.p99Ms} ms: ${mark(f.real.p99 < TARGET.p99Ms)}`);
  console.log(`sell-out: ${f.sellout.accepted}/${f.sellout.requests} accepted for ${f.sellout.capacity} seats, oversold ${f.sellout.oversold} (target 0: ${mark(f.sellout.oversold === 0)})`);
  console.log(`sell-out latency p50 ${ms(f.sellout.p50)} ms p99 ${ms(f.sellout.p99)} ms; accounts created at ${rps(f.accountsPerSecond)}/s`);
  for (const p of f.problems) console.log(`PROBLEM: ${p}`);
}

function gitNote() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'packages'], { cwd: root, encoding: 'utf8' }).trim() !== '';
    return `${head}${dirty ? ' + uncommitted changes in packages/' : ''}`;
  } catch {
    return 'unknown';
  }
}

function appendResults(figures: DbFigures[], failures: string[], loadAtStart: number) {
  const file = join(root, 'bench', 'RESULTS.md');
  if (!existsSync(file)) {
    writeFileSync(
      file,
      [
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
      ].join('\n'),
    );
  }
  const cpu = cpus();
  const section = [
    `## ${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC`,
    '',
    `Command: \`npm run bench:onsale\`. Code: ${gitNote()}. Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), shared and noisy; 1-min load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end; Node ${process.version}.`,
    '',
    ...figures.flatMap((f) => [table(f), '']),
    ...(failures.length ? [`**Failed:** ${failures.join('; ')}`, ''] : []),
  ].join('\n');
  appendFileSync(file, `\n${section}`);
}

async function main() {
  const loadAtStart = loadavg()[0]!;
  const only = process.env.BENCH_ONLY;
  const adminUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  console.log(`generating ${ACCOUNTS} P-256 holder keys...`);
  const holders = Array.from({ length: ACCOUNTS }, newHolder);
  const figures: DbFigures[] = [];
  const failures: string[] = [];

  if (only !== 'postgres') {
    const dir = mkdtempSync(join(tmpdir(), 'tg-bench-'));
    tempDirs.add(dir);
    try {
      console.log('SQLite...');
      figures.push(await benchDatabase('sqlite', `sqlite:${join(dir, 'bench.sqlite')}`, holders));
    } catch (error) {
      failures.push(`sqlite: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      tempDirs.delete(dir);
    }
  }
  if (only !== 'sqlite' && !interrupted) {
    try {
      console.log('PostgreSQL...');
      figures.push(await withPostgres(adminUrl, (url) => benchDatabase('postgres', url, holders)));
    } catch (error) {
      failures.push(`postgres: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  destroyAgent();
  if (interrupted) {
    console.error('interrupted: no results written');
    process.exit(130);
  }

  for (const f of figures) print(f);
  failures.push(...figures.flatMap((f) => f.problems));
  if (figures.length > 0 && process.env.BENCH_RESULTS !== '0') {
    appendResults(figures, failures, loadAtStart);
    console.log('\nappended to bench/RESULTS.md');
  }
  clearTimeout(watchdog);
  if (failures.length > 0) {
    console.error(`\nFAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
    process.exit(1);
  }
}

await main();
