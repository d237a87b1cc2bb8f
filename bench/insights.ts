/**
 * Returning-visitor insights benchmark: `npm run bench:insights`. For SQLite, then PostgreSQL: an
 * organizer with 20 events and 100,000 visitors (seeded straight into the database of a running
 * server: one account each, a live ticket at 1 to 6 of the events, a marketing consent for a third of
 * them), then `GET /api/v1/insights/returning` and `POST /api/v1/audience` for a segment of five
 * events, each timed over the API (median of 5; target < 1 s on SQLite).
 * Env: BENCH_DATABASE_URL, BENCH_ONLY=sqlite|postgres, BENCH_RESULTS=0.
 */
import { randomUUID } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { eachDatabase, type Database } from './support/databases.ts';
import { api, bearer, request } from './support/http.ts';
import { guardRun, startRealServer } from './support/process.ts';
import { finish, gitNote, machine, utcMinute } from './support/results.ts';
import { fixed, mark, median } from './support/stats.ts';

const VISITORS = 100_000;
const EVENTS = 20;
const RUNS = 5;
const TARGET_MS = 1000;

guardRun(10 * 60_000);

interface DbFigures {
  database: Database;
  tickets: number;
  seedSeconds: number;
  insightsMs: number[];
  audienceMs: number[];
  visitors: number | null;
  returning: number | null;
  recipients: number | null;
  problems: string[];
}

type Row = (string | number | null)[];

/** A deterministic spread: most visitors come once, fewer twice, a few to many events. */
function eventsOf(visitor: number) {
  const r = (visitor * 2654435761) % 1000;
  const count = r < 600 ? 1 : r < 850 ? 2 : r < 950 ? 3 : 1 + (r % 6);
  return Array.from({ length: count }, (_, k) => (visitor + k * 7) % EVENTS);
}

function plan(events: { id: string; typeId: string }[], organizerId: string) {
  const now = new Date().toISOString();
  const accounts: Row[] = [];
  const orders: Row[] = [];
  const tickets: Row[] = [];
  const consents: Row[] = [];
  for (let v = 0; v < VISITORS; v += 1) {
    const accountId = randomUUID();
    accounts.push([accountId, now]);
    for (const e of new Set(eventsOf(v))) {
      const orderId = randomUUID();
      orders.push([orderId, accountId, events[e]!.id, 'paid', 5000, 'EUR', 'sandbox', now, now, now]);
      tickets.push([randomUUID(), events[e]!.id, events[e]!.typeId, orderId, accountId, 'valid', 1, 1, null, 1, now, now]);
    }
    if (v % 3 === 0) consents.push([randomUUID(), accountId, organizerId, 'marketing', 1, '1', 'wallet', now]);
  }
  return { accounts, orders, tickets, consents };
}

const tables = {
  accounts: ['id', 'created_at'],
  orders: ['id', 'account_id', 'event_id', 'status', 'total_cents', 'currency', 'provider', 'created_at', 'expires_at', 'settled_at'],
  tickets: ['id', 'event_id', 'ticket_type_id', 'order_id', 'account_id', 'state', 'seq', 'claimable', 'credential', 'pack_version', 'created_at', 'updated_at'],
  consents: ['id', 'account_id', 'organizer_id', 'purpose', 'granted', 'text_version', 'source', 'created_at'],
} as const;

async function seed(databaseUrl: string, rows: ReturnType<typeof plan>) {
  const chunk = 500;
  if (databaseUrl.startsWith('sqlite:')) {
    const db = new SqliteDatabase(databaseUrl.slice('sqlite:'.length));
    db.pragma('busy_timeout = 10000');
    try {
      db.transaction(() => {
        for (const [table, columns] of Object.entries(tables)) {
          const all = rows[table as keyof typeof tables];
          for (let i = 0; i < all.length; i += chunk) {
            const part = all.slice(i, i + chunk);
            db.prepare(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${part.map(() => `(${columns.map(() => '?').join(',')})`).join(',')}`).run(...part.flat());
          }
        }
      }).immediate();
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    for (const [table, columns] of Object.entries(tables)) {
      const all = rows[table as keyof typeof tables];
      for (let i = 0; i < all.length; i += chunk) {
        const part = all.slice(i, i + chunk);
        const values = part.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(',')})`).join(',');
        await client.query(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${values}`, part.flat());
      }
    }
    await client.query('COMMIT');
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

async function timed(port: number, method: 'GET' | 'POST', path: string, token: string, body?: object) {
  const ms: number[] = [];
  let last: unknown;
  for (let i = 0; i < RUNS; i += 1) {
    const answer = await request(port, { method, path, headers: bearer(token), body: body === undefined ? undefined : JSON.stringify(body) });
    if (answer.status !== 200) throw new Error(`${method} ${path}: ${answer.status} ${answer.body.toString('utf8').slice(0, 300)}`);
    ms.push(answer.ms);
    last = JSON.parse(answer.body.toString('utf8'));
  }
  return { ms, last };
}

async function benchDatabase(database: Database, databaseUrl: string): Promise<DbFigures> {
  const server = await startRealServer(databaseUrl);
  const port = server.port;
  try {
    const organizer = await api<{ token: string; organizer: { id: string } }>(port, 'POST', '/api/v1/organizers', 201, {}, { name: 'Insights bench', email: `insights-${Date.now()}@example.com`, password: 'bench-password-123' });
    const token = organizer.token;
    const events: { id: string; typeId: string }[] = [];
    for (let e = 0; e < EVENTS; e += 1) {
      const startsAt = new Date(Date.UTC(2026, e % 12, 1 + e, 20));
      const { id } = await api<{ id: string }>(port, 'POST', '/api/v1/events', 201, bearer(token), { name: `Night ${e + 1}`, venue: 'Loopback', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 4 * 3600_000).toISOString() });
      const type = await api<{ id: string }>(port, 'POST', `/api/v1/events/${id}/ticket-types`, 201, bearer(token), { name: 'Floor', priceCents: 5000, currency: 'EUR', capacity: VISITORS });
      events.push({ id, typeId: type.id });
    }
    const rows = plan(events, organizer.organizer.id);
    console.log(`  seeding ${VISITORS} visitors, ${rows.tickets.length} tickets...`);
    const t0 = performance.now();
    await seed(databaseUrl, rows);
    const seedSeconds = (performance.now() - t0) / 1000;
    const insights = await timed(port, 'GET', '/api/v1/insights/returning', token);
    const audience = await timed(port, 'POST', '/api/v1/audience', token, { heldEventIds: events.slice(0, 5).map((e) => e.id) });
    const figures = insights.last as { visitors: number | null; returning: number | null };
    const problems: string[] = [];
    if (figures.visitors !== VISITORS) problems.push(`${database}: insights count ${figures.visitors} visitors, seeded ${VISITORS}`);
    return {
      database, tickets: rows.tickets.length, seedSeconds, insightsMs: insights.ms, audienceMs: audience.ms,
      visitors: figures.visitors, returning: figures.returning, recipients: (audience.last as { recipients: number | null }).recipients, problems,
    };
  } finally {
    await server.stop();
  }
}

function table(f: DbFigures) {
  const insights = median(f.insightsMs);
  const audience = median(f.audienceMs);
  return [
    `| ${f.database} | median of ${RUNS} | target |`,
    '|---|---:|---|',
    `| \`GET /api/v1/insights/returning\` | ${fixed(insights)} ms | < ${TARGET_MS} ms (${mark(insights < TARGET_MS)}) |`,
    `| \`POST /api/v1/audience\`, a segment of 5 events | ${fixed(audience)} ms | < ${TARGET_MS} ms (${mark(audience < TARGET_MS)}) |`,
    '',
    `${VISITORS.toLocaleString('en')} visitors with ${f.tickets.toLocaleString('en')} tickets over ${EVENTS} events, seeded in ${fixed(f.seedSeconds)} s. ` +
      `The answer: ${f.visitors} visitors, ${f.returning} returning; the segment reaches ${f.recipients}. Runs (ms): insights ${f.insightsMs.map((v) => fixed(v)).join(', ')}; audience ${f.audienceMs.map((v) => fixed(v)).join(', ')}.` +
      (f.problems.length ? `\n\n**Problems:** ${f.problems.join('; ')}` : ''),
  ].join('\n');
}

const run = await eachDatabase('insights', benchDatabase);
for (const f of run.figures) console.log(`\n=== ${f.database} ===\n${table(f)}`);
finish(run, () => ({
  title: `Returning visitors: ${utcMinute()}`,
  paragraphs: [
    `Command: \`npm run bench:insights\` (bench/insights.ts). Code: ${gitNote()}. Machine: ${machine()}, shared and noisy; Node ${process.version}. ` +
      'Each request is timed from sending to its last byte at a client on the same machine, against the real server in a child process.',
  ],
  tables: run.figures.map(table),
  fileHeader: '# Benchmark results\n',
}));
