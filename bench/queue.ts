/**
 * Waiting-room benchmark: `npm run bench:queue`. For SQLite, then PostgreSQL:
 *   1. joins: 20,000 accounts join a room before its opening (`POST /api/v1/events/:id/queue`, a fresh DPoP
 *      proof each, 50 connections), against the bare Fastify route doing only a join's database work
 *      (insert the place; bench/bare-server.ts): joins per second and the ratio;
 *   2. the draw at the opening, timed from the opening until every place is given;
 *   3. a position read by poll (`GET .../queue/me`, 10 s at 50 connections) against the bare read of the
 *      place, and by stream: 2,000 Server-Sent Events streams open while the room lets everyone through,
 *      the server's CPU time per place event sent, and how long until the last stream heard its turn;
 *   4. fairness: Spearman's rho between arrival and place for the early comers (a fair draw: near 0),
 *      and for 500 late comers whether their places keep their arrival order.
 * Env: BENCH_DATABASE_URL, BENCH_ONLY=sqlite|postgres, BENCH_RESULTS=0, BENCH_QUEUE_ACCOUNTS (default 20000).
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { dpopProof, newHolder, type Holder } from './dpop.ts';
import { runLoad, type LoadResult } from './load.ts';
import { eachDatabase, type Database } from './support/databases.ts';
import { api, bearer, type RequestSpec } from './support/http.ts';
import { aborted, guardRun, startRealServer, startServer, type Server } from './support/process.ts';
import { finish, gitNote, machine, utcMinute } from './support/results.ts';
import { fixed, mark } from './support/stats.ts';

const ACCOUNTS = Math.max(1000, Number(process.env.BENCH_QUEUE_ACCOUNTS) || 20_000);
const LATE = 500;
const STREAMS = Math.min(2_000, ACCOUNTS);
const CONNECTIONS = 50;
const TARGET = { earlyRho: 0.05 };

guardRun(14 * 60_000);

interface DbFigures {
  database: Database;
  joins: { real: LoadResult; bare: LoadResult };
  reads: { real: LoadResult; bare: LoadResult };
  drawMs: number;
  stream: { cpuMsPerEvent: number; lastHeardMs: number; events: number };
  fairness: { earlyRho: number; lateInOrder: number };
  problems: string[];
}

const counted = (port: number, requests: number, next: (i: number) => RequestSpec) =>
  runLoad({ port, connections: CONNECTIONS, warmupMs: 0, durationMs: 600_000, maxRequests: requests, stop: aborted, next });
const timed = (port: number, next: (i: number) => RequestSpec) =>
  runLoad({ port, connections: CONNECTIONS, warmupMs: 1_000, durationMs: 10_000, maxRequests: 1_000_000, stop: aborted, next });

/** Spearman's rank correlation of two permutations of the same length (ranks without ties). */
function spearman(a: number[], b: number[]) {
  const n = a.length;
  let d2 = 0;
  for (let i = 0; i < n; i += 1) d2 += (a[i]! - b[i]!) ** 2;
  return 1 - (6 * d2) / (n * (n * n - 1));
}

/** CPU time (user + system) of a process so far, in ms, from /proc. */
function cpuMs(pid: number) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Places as stored: (account, arrival, position), straight from the database. */
async function places(databaseUrl: string, eventId: string) {
  const sql = 'SELECT account_id, position, joined_at FROM queue_entries WHERE event_id = $1 ORDER BY joined_at, account_id';
  if (databaseUrl.startsWith('sqlite:')) {
    const db = new SqliteDatabase(databaseUrl.slice('sqlite:'.length), { readonly: true });
    try {
      return db.prepare(sql.replace('$1', '?')).all(eventId) as { account_id: string; position: number; joined_at: string }[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<{ account_id: string; position: number; joined_at: string }>(sql, [eventId])).rows;
  } finally {
    await client.end();
  }
}

/** Opens `count` place streams and resolves once each heard a place whose state passes `done`. */
function openStreams(server: Server, eventId: string, holders: Holder[]) {
  const path = `/api/v1/events/${eventId}/queue/stream`;
  const states = new Map<number, string>();
  const sockets: (() => void)[] = [];
  const opened = holders.map(
    (holder, i) =>
      new Promise<void>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port: server.port, path: `${path}?dpop=${dpopProof(holder, 'GET', `${server.url}${path}`)}`, agent: false }, (res) => {
          if (res.statusCode !== 200) return reject(new Error(`stream ${i}: ${res.statusCode}`));
          res.setEncoding('utf8');
          let buffer = '';
          res.on('data', (chunk: string) => {
            buffer += chunk;
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const data = block.split('\n').find((l) => l.startsWith('data: '));
              if (data) states.set(i, (JSON.parse(data.slice(6)) as { state: string }).state);
              resolve();
            }
          });
        });
        req.on('error', reject);
        sockets.push(() => req.destroy());
        req.end();
      }),
  );
  return { opened: Promise.all(opened), states, close: () => sockets.forEach((close) => close()) };
}

async function benchDatabase(database: Database, databaseUrl: string, holders: Holder[], late: Holder[]): Promise<DbFigures> {
  const problems: string[] = [];
  let server = await startRealServer(databaseUrl);
  const port = () => server.port;
  try {
    const { token } = await api<{ token: string }>(port(), 'POST', '/api/v1/organizers', 201, {}, { name: 'Queue bench', email: `queue-bench-${Date.now()}@example.com`, password: 'bench-password-123' });
    const startsAt = new Date(Date.now() + 30 * 86_400_000);
    const makeRoom = async (name: string) => {
      const event = await api<{ id: string }>(port(), 'POST', '/api/v1/events', 201, bearer(token), {
        name, venue: 'Loopback Hall', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 4 * 3_600_000).toISOString(),
        onSaleAt: new Date(Date.now() + 3_600_000).toISOString(), waitingRoom: { enabled: true, admitPerMinute: 1 },
      });
      await api(port(), 'POST', `/api/v1/events/${event.id}/ticket-types`, 201, bearer(token), { name: 'Floor', priceCents: 5000, currency: 'EUR', capacity: 100_000 });
      await api(port(), 'POST', `/api/v1/events/${event.id}/publish`, 200, bearer(token), {});
      return event.id;
    };
    const eventId = await makeRoom('Queue bench');
    const bareEventId = await makeRoom('Queue bench, bare');

    console.log(`  ${holders.length + late.length} accounts...`);
    const everyone = [...holders, ...late];
    const accountIds: string[] = [];
    const accounts = await counted(port(), everyone.length, (i) => ({ method: 'POST', path: '/api/v1/accounts', headers: { dpop: dpopProof(everyone[i]!, 'POST', `${server.url}/api/v1/accounts`) }, body: '{}' }));
    if (accounts.statuses.get(201) !== everyone.length) throw new Error(`accounts: ${JSON.stringify([...accounts.statuses])} ${accounts.samples.join(' | ')}`);

    // 1. Joins before the opening.
    console.log(`  ${holders.length} joins...`);
    const joinPath = `/api/v1/events/${eventId}/queue`;
    const joinOf = (list: Holder[]) => (i: number): RequestSpec => ({ method: 'POST', path: joinPath, headers: { dpop: dpopProof(list[i]!, 'POST', `${server.url}${joinPath}`) }, body: '{}' });
    const realJoins = await counted(port(), holders.length, joinOf(holders));
    if (realJoins.statuses.get(201) !== holders.length) problems.push(`${database}: joins answered ${JSON.stringify([...realJoins.statuses])}`);

    // 2. The draw: the opening moved to now; the server's job queue draws within a second or two.
    const opened = Date.now();
    await api(port(), 'PATCH', `/api/v1/events/${eventId}`, 200, bearer(token), { onSaleAt: new Date(opened + 500).toISOString() });
    const mePath = `/api/v1/events/${eventId}/queue/me`;
    const me = (holder: Holder) => api<{ state: string; position: number | null }>(port(), 'GET', mePath, 200, { dpop: dpopProof(holder, 'GET', `${server.url}${mePath}`) });
    while ((await me(holders.at(-1)!)).position === null) {
      if (Date.now() - opened > 120_000) throw new Error('no draw within 2 minutes of the opening');
      await new Promise((r) => setTimeout(r, 100));
    }
    const drawMs = Date.now() - opened;

    // 3a. Reads by poll.
    console.log('  position reads...');
    const realReads = await timed(port(), (i) => ({ method: 'GET', path: mePath, headers: { dpop: dpopProof(holders[i % holders.length]!, 'GET', `${server.url}${mePath}`) } }));
    if ((realReads.statuses.get(200) ?? 0) === 0) problems.push(`${database}: position reads answered ${JSON.stringify([...realReads.statuses])}`);

    // 3b. Streams while the room lets everyone through.
    console.log(`  ${STREAMS} streams...`);
    const streams = openStreams(server, eventId, holders.slice(0, STREAMS));
    await streams.opened;
    const cpu0 = cpuMs(server.pid);
    const let0 = Date.now();
    await api(port(), 'PATCH', `/api/v1/events/${eventId}/waiting-room`, 200, bearer(token), { admitPerMinute: 100_000 });
    while ([...streams.states.values()].filter((s) => s === 'admitted').length < STREAMS) {
      if (Date.now() - let0 > 60_000) {
        problems.push(`${database}: only ${[...streams.states.values()].filter((s) => s === 'admitted').length} of ${STREAMS} streams heard their admission in 60 s`);
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const lastHeardMs = Date.now() - let0;
    const streamCpu = cpuMs(server.pid) - cpu0;
    streams.close();

    // 4. Late comers, after the draw, in arrival order.
    const lateJoins = await counted(port(), late.length, joinOf(late));
    if (lateJoins.statuses.get(201) !== late.length) problems.push(`${database}: late joins answered ${JSON.stringify([...lateJoins.statuses])}`);
    // The next tick numbers them.
    const joinedLate = Date.now();
    while ((await me(late.at(-1)!)).position === null && Date.now() - joinedLate < 30_000) await new Promise((r) => setTimeout(r, 100));
    await server.stop();

    // Bare ceiling, after the real server has stopped: the same joins and reads without the server around them.
    const rows = await places(databaseUrl, eventId);
    for (const row of rows) accountIds.push(row.account_id);
    const bare = await startServer('bench/bare-server.ts', (barePort) => ({ PORT: String(barePort), DATABASE_URL: databaseUrl }), '/');
    let bareJoins: LoadResult;
    let bareReads: LoadResult;
    try {
      bareJoins = await counted(bare.port, holders.length, (i) => ({ method: 'POST', path: '/api/v1/queue', body: JSON.stringify({ eventId: bareEventId, accountId: accountIds[i] }) }));
      bareReads = await timed(bare.port, (i) => ({ method: 'GET', path: `/api/v1/queue/${eventId}/${accountIds[i % holders.length]}` }));
    } finally {
      await bare.stop();
    }

    // Arrival order is the order of joined_at (ties by account id), as the room numbers them.
    const early = rows.slice(0, holders.length);
    const lateRows = rows.slice(holders.length);
    const lateInOrder = lateRows.filter((r, i) => i === 0 || r.position > lateRows[i - 1]!.position).length / Math.max(1, lateRows.length);
    return {
      database,
      joins: { real: realJoins, bare: bareJoins },
      reads: { real: realReads, bare: bareReads },
      drawMs,
      stream: { cpuMsPerEvent: streamCpu / STREAMS, lastHeardMs, events: STREAMS },
      fairness: { earlyRho: spearman(early.map((_, i) => i + 1), early.map((r) => r.position)), lateInOrder },
      problems,
    };
  } finally {
    await server.stop();
  }
}

function table(f: DbFigures) {
  const joinRatio = f.joins.real.rate / f.joins.bare.rate;
  const readRatio = f.reads.real.rate / f.reads.bare.rate;
  return [
    `| ${f.database} | bare | real | |`,
    '|---|---:|---:|---|',
    `| joins/s (${ACCOUNTS.toLocaleString('en')} accounts, ${CONNECTIONS} connections) | ${fixed(f.joins.bare.rate, 0)} | ${fixed(f.joins.real.rate, 0)} | ratio ${joinRatio.toFixed(3)} |`,
    `| join p50 / p99 ms | ${fixed(f.joins.bare.p50)} / ${fixed(f.joins.bare.p99)} | ${fixed(f.joins.real.p50)} / ${fixed(f.joins.real.p99)} | |`,
    `| position read by poll, reads/s | ${fixed(f.reads.bare.rate, 0)} | ${fixed(f.reads.real.rate, 0)} | ratio ${readRatio.toFixed(3)} |`,
    `| poll p50 / p99 ms | ${fixed(f.reads.bare.p50)} / ${fixed(f.reads.bare.p99)} | ${fixed(f.reads.real.p50)} / ${fixed(f.reads.real.p99)} | |`,
    `| by stream: server CPU per place event (${STREAMS} streams) | | ${fixed(f.stream.cpuMsPerEvent, 3)} ms | |`,
    `| by stream: last of ${STREAMS} heard its admission after | | ${fixed(f.stream.lastHeardMs / 1000)} s | ticks every 2 s |`,
    `| draw of ${ACCOUNTS.toLocaleString('en')} early comers, from the opening | | ${fixed(f.drawMs / 1000)} s | |`,
    `| Spearman rho, arrival vs place, early comers | | ${f.fairness.earlyRho.toFixed(4)} | \\|rho\\| < ${TARGET.earlyRho} (${mark(Math.abs(f.fairness.earlyRho) < TARGET.earlyRho)}) |`,
    `| late comers whose place keeps their arrival order | | ${(f.fairness.lateInOrder * 100).toFixed(1)} % | 100 % (${mark(f.fairness.lateInOrder === 1)}) |`,
    (f.problems.length ? `\n**Problems:** ${f.problems.join('; ')}` : ''),
  ].join('\n');
}

console.log(`generating ${ACCOUNTS + LATE} P-256 holder keys...`);
const holders = Array.from({ length: ACCOUNTS }, newHolder);
const late = Array.from({ length: LATE }, newHolder);
const started = performance.now();
const run = await eachDatabase('queue', (database, url) => benchDatabase(database, url, holders, late));
for (const f of run.figures) console.log(`\n=== ${f.database} ===\n${table(f)}`);
console.log(`\nwhole bench: ${((performance.now() - started) / 1000).toFixed(0)} s`);
finish(run, () => ({
  title: `Waiting room: ${utcMinute()}`,
  paragraphs: [
    `Command: \`npm run bench:queue\` (bench/queue.ts). Code: ${gitNote()}. Machine: ${machine()}, shared and noisy; Node ${process.version}. ` +
      'The load generator and the server share the same 2 cores.',
    `Method: ${ACCOUNTS.toLocaleString('en')} accounts join a room before its opening through \`POST /api/v1/events/:id/queue\` (a fresh DPoP proof each); ` +
      '**bare** is bench/bare-server.ts doing only the database work of a join (insert the place) or of a read (the place by its key). ' +
      `The opening is then moved to now and the server's own job queue draws. Reads by poll are \`GET .../queue/me\` for 10 s; by stream, ${STREAMS} Server-Sent Events streams stay open while the pace is raised so that all are let through: ` +
      `the server's CPU time (from /proc) over that span per place event, and when the last stream heard it. Fairness: Spearman's rho of arrival number against drawn place for the early comers, and ${LATE} late comers' places against their arrival order.`,
  ],
  tables: run.figures.map(table),
  fileHeader: '# Benchmark results\n',
}));
