/**
 * Fan-out benchmark: `npm run bench:fanout`. For SQLite and PostgreSQL (when reachable) it seeds
 * 100,000 holders, each with one ticket of one event, straight through the storage layer in bulk
 * inserts, then times sending one message to all of them three ways, each a fresh message:
 *   1. domain: `sendMessage` of packages/server (send now: one INSERT ... SELECT DISTINCT);
 *   2. HTTP: `POST /api/v1/events/:eventId/messages` over real HTTP, request to answer;
 *   3. job: a message with `sendAt`, sent by the job runner once its time comes.
 * Every run checks that each message reached exactly every holder. Target: domain < 10 s on SQLite.
 * Env: BENCH_DATABASE_URL (PostgreSQL admin URL; default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_ONLY=sqlite|postgres, BENCH_RESULTS=0 (do not append to bench/RESULTS.md), BENCH_FANOUT_HOLDERS.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import type { Config } from '../packages/server/src/config.ts';
import { sendMessage } from '../packages/server/src/domain/messaging/send-message.ts';
import { runDueJobs } from '../packages/server/src/jobs/run-jobs.ts';
import { createServer } from '../packages/server/src/server.ts';
import { openStorage, type Storage, type StorageTarget } from '../packages/server/src/storage/db.ts';

const root = resolve(import.meta.dirname, '..');
const HOLDERS = Number(process.env.BENCH_FANOUT_HOLDERS ?? 100_000);
const TARGET_MS = 10_000;

interface Figures {
  database: 'sqlite' | 'postgres';
  seedMs: number;
  runs: { way: string; ms: number; recipients: number; inboxRows: number }[];
}

/** A clock the bench moves by hand, so the scheduled message comes due without waiting. */
function movableClock() {
  let offset = 0;
  return Object.assign(() => new Date(Date.now() + offset), { advance: (seconds: number) => (offset += seconds * 1000) });
}

/**
 * One buyer's paid order holds every ticket, and each ticket has since moved to a holder of its own
 * (as after claim links): 100,000 distinct accounts. Rows as the server makes them, credential-sized.
 */
async function seedHolders(storage: Storage, eventId: string, ticketTypeId: string) {
  const now = new Date().toISOString();
  const buyer = randomUUID();
  const orderId = randomUUID();
  const chunk = storage.dialect === 'sqlite' ? 500 : 1000; // rows per INSERT, within each dialect's parameter limit
  await storage.db.transaction().execute(async (trx) => {
    await trx.insertInto('accounts').values({ id: buyer, created_at: now }).execute();
    await trx.insertInto('orders').values({
      id: orderId, account_id: buyer, event_id: eventId, status: 'paid', total_cents: HOLDERS * 2000, currency: 'EUR',
      provider: 'sandbox', created_at: now, expires_at: now, settled_at: now, resale_listing_id: null,
    }).execute();
    await trx.insertInto('order_items').values({ order_id: orderId, ticket_type_id: ticketTypeId, quantity: HOLDERS, unit_price_cents: 2000 }).execute();
    for (let i = 0; i < HOLDERS; i += chunk) {
      const accounts = Array.from({ length: Math.min(chunk, HOLDERS - i) }, () => ({ id: randomUUID(), created_at: now }));
      await trx.insertInto('accounts').values(accounts).execute();
      await trx.insertInto('tickets').values(accounts.map((a) => ({
        id: randomUUID(), event_id: eventId, ticket_type_id: ticketTypeId, order_id: orderId, account_id: a.id, state: 'valid' as const,
        seq: 2, claimable: 0, credential: randomBytes(126).toString('base64url'), pack_version: 1, created_at: now, updated_at: now,
      }))).execute();
    }
    await trx.updateTable('ticket_types').set({ taken: HOLDERS }).where('id', '=', ticketTypeId).execute();
  });
  // Fresh planner statistics, as autovacuum would have them on a server that sold these tickets.
  await sql`ANALYZE`.execute(storage.db);
}

async function benchDatabase(database: Figures['database'], target: StorageTarget): Promise<Figures> {
  const storage = openStorage(target);
  const clock = movableClock();
  const config: Config = {
    port: 0, host: '127.0.0.1', publicUrl: 'http://127.0.0.1', database: target, orderHoldSeconds: 600, demo: false,
    secret: randomBytes(32).toString('hex'),
  };
  const server = await createServer({ config, storage, clock, jobs: false });
  try {
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}/api/v1`;
    const call = async (path: string, body: object | undefined, token?: string) => {
      const res = await fetch(base + path, {
        method: 'POST',
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as Record<string, any>;
    };
    const signUp = await call('/organizers', { name: 'Bench', email: `bench-${randomUUID()}@example.org`, password: 'correct horse battery' });
    const startsAt = new Date(Date.now() + 7 * 86_400_000);
    const event = await call('/events', { name: 'Fan-out', venue: 'Ziggo Dome', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 4 * 3_600_000).toISOString() }, signUp.token);
    const type = await call(`/events/${event.id}/ticket-types`, { name: 'GA', priceCents: 2000, currency: 'EUR', capacity: HOLDERS }, signUp.token);
    await call(`/events/${event.id}/publish`, undefined, signUp.token);

    console.log(`${database}: seeding ${HOLDERS} holders...`);
    let t0 = performance.now();
    await seedHolders(storage, event.id, type.id);
    const seedMs = performance.now() - t0;
    console.log(`  seeded in ${(seedMs / 1000).toFixed(1)} s`);
    const inboxRows = async (messageId: string) =>
      Number((await storage.db.selectFrom('inbox').select((eb) => eb.fn.countAll<string>().as('n')).where('message_id', '=', messageId).executeTakeFirstOrThrow()).n);
    const runs: Figures['runs'] = [];

    t0 = performance.now();
    const domain = await sendMessage(server.ctx, signUp.organizer.id, event.id, { title: 'Doors open', body: 'Doors open at 19:00.' });
    runs.push({ way: 'domain: sendMessage, send now', ms: performance.now() - t0, recipients: domain.recipients, inboxRows: await inboxRows(domain.id) });

    t0 = performance.now();
    const http = await call(`/events/${event.id}/messages`, { title: 'Support act', body: 'The support act starts at 20:00.' }, signUp.token);
    runs.push({ way: 'HTTP: POST /api/v1/events/:eventId/messages, send now', ms: performance.now() - t0, recipients: http.recipients, inboxRows: await inboxRows(http.id) });

    const scheduled = await sendMessage(server.ctx, signUp.organizer.id, event.id, { title: 'Encore', body: 'Stay for the encore.', sendAt: new Date(clock().getTime() + 60_000).toISOString() });
    clock.advance(61);
    t0 = performance.now();
    await runDueJobs(server.ctx);
    const ms = performance.now() - t0;
    const sent = (await storage.db.selectFrom('messages').select('recipients').where('id', '=', scheduled.id).executeTakeFirstOrThrow()).recipients;
    runs.push({ way: 'job: runDueJobs, a sendAt message come due', ms, recipients: sent, inboxRows: await inboxRows(scheduled.id) });
    for (const run of runs) console.log(`  ${run.way}: ${(run.ms / 1000).toFixed(2)} s, ${run.recipients} recipients, ${run.inboxRows} inbox rows`);
    return { database, seedMs, runs };
  } finally {
    await server.close();
    await storage.close();
  }
}

async function withPostgres<T>(adminUrl: string, work: (url: string) => Promise<T>): Promise<T> {
  const name = `tg_bench_fanout_${Date.now()}`;
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

function gitNote() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'packages', 'bench'], { cwd: root, encoding: 'utf8' }).trim() !== '';
    return `${head}${dirty ? ' + uncommitted changes' : ''}`;
  } catch {
    return 'unknown';
  }
}

function appendResults(figures: Figures[], failures: string[]) {
  const cpu = cpus();
  const lines = [
    `## Fan-out: ${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC`,
    '',
    `Command: \`npm run bench:fanout\` (bench/fanout.ts). Code: ${gitNote()}. Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), shared with other work; Node ${process.version}.`,
    '',
    `Method: ${HOLDERS.toLocaleString('en')} accounts, each holding one valid ticket of one event, inserted in bulk through the storage layer (Kysely, one transaction, then ANALYZE). ` +
      'Then three messages to all holders, one after the other, each timed alone: **domain** = `sendMessage` in-process (the send-now fan-out is one `INSERT INTO inbox ... SELECT DISTINCT ... FROM tickets`, in the transaction that records the message); ' +
      '**HTTP** = `POST /api/v1/events/:eventId/messages` over real HTTP from request to answer (auth, validation, the same fan-out); ' +
      '**job** = a message with `sendAt`, the clock moved past it, then `runDueJobs` (claim, send, mark done). Each message must reach exactly every holder.',
    '',
    `| | ${figures.map((f) => f.database).join(' | ')} | target |`,
    `|---|${figures.map(() => '---:').join('|')}|---|`,
    `| seed ${HOLDERS.toLocaleString('en')} holders | ${figures.map((f) => `${(f.seedMs / 1000).toFixed(1)} s`).join(' | ')} | |`,
  ];
  const sqlite = figures.find((f) => f.database === 'sqlite');
  const verdict = sqlite ? (sqlite.runs[0]!.ms < TARGET_MS ? 'met' : 'MISSED') : 'not run';
  for (const [i, way] of figures[0]!.runs.map((r) => r.way).entries()) {
    const target = i === 0 ? `< ${TARGET_MS / 1000} s on SQLite (${verdict})` : '';
    lines.push(`| ${way} | ${figures.map((f) => `${(f.runs[i]!.ms / 1000).toFixed(2)} s`).join(' | ')} | ${target} |`);
  }
  lines.push(`| recipients = inbox rows = holders, every run | ${figures.map((f) => (f.runs.every((r) => r.recipients === HOLDERS && r.inboxRows === HOLDERS) ? 'yes' : 'NO')).join(' | ')} | yes |`);
  if (failures.length > 0) lines.push('', `Failures: ${failures.join('; ')}`);
  const file = join(root, 'bench', 'RESULTS.md');
  // Another bench may have appended meanwhile: read the file now and keep a blank line between sections.
  const current = readFileSync(file, 'utf8');
  appendFileSync(file, `${current.endsWith('\n') ? '' : '\n'}\n${lines.join('\n')}\n`);
}

async function main() {
  const only = process.env.BENCH_ONLY;
  const figures: Figures[] = [];
  const failures: string[] = [];
  if (only !== 'postgres') {
    const folder = mkdtempSync(join(tmpdir(), 'tg-fanout-'));
    try {
      figures.push(await benchDatabase('sqlite', { kind: 'sqlite', path: join(folder, 'bench.sqlite') }));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
  if (only !== 'sqlite') {
    const adminUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
    try {
      figures.push(await withPostgres(adminUrl, (url) => benchDatabase('postgres', { kind: 'postgres', url })));
    } catch (error) {
      failures.push(`postgres: ${error instanceof Error ? error.message : String(error)}`);
      console.error(`postgres skipped: ${failures.at(-1)}`);
    }
  }
  for (const f of figures) {
    if (!f.runs.every((r) => r.recipients === HOLDERS && r.inboxRows === HOLDERS)) failures.push(`${f.database}: a message missed holders or reached some twice`);
  }
  const sqlite = figures.find((f) => f.database === 'sqlite');
  if (sqlite && sqlite.runs[0]!.ms >= TARGET_MS) failures.push(`sqlite: fan-out took ${(sqlite.runs[0]!.ms / 1000).toFixed(1)} s, target < ${TARGET_MS / 1000} s`);
  if (figures.length > 0 && process.env.BENCH_RESULTS !== '0') {
    appendResults(figures, failures);
    console.log('appended to bench/RESULTS.md');
  }
  if (failures.length > 0) {
    console.error(`\nFAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
    process.exit(1);
  }
}

await main();
