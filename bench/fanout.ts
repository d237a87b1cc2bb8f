/**
 * Fan-out benchmark: `npm run bench:fanout`. For SQLite and PostgreSQL (when reachable) it seeds
 * 100,000 holders, each with one ticket of one event, straight through the storage layer in bulk
 * inserts, then times sending one message to all of them three ways, each a fresh message:
 *   1. domain: `sendMessage` of packages/server (send now: one INSERT ... SELECT DISTINCT);
 *   2. HTTP: `POST /api/v1/events/:eventId/messages` over real HTTP, request to answer;
 *   3. job: a message with `sendAt`, sent by the job runner once its time comes.
 * The server runs in this process, so that the domain call can be timed alone. Every message must
 * reach exactly every holder. Target: the domain fan-out under 10 s on SQLite.
 * Env: BENCH_DATABASE_URL (PostgreSQL admin URL; default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_ONLY=sqlite|postgres, BENCH_RESULTS=0 (do not append to bench/RESULTS.md), BENCH_FANOUT_HOLDERS.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { sandboxPayments, type Config } from '../packages/server/src/config.ts';
import { sendMessage } from '../packages/server/src/domain/messaging/send-message.ts';
import { runDueJobs } from '../packages/server/src/jobs/run-jobs.ts';
import { createServer } from '../packages/server/src/server.ts';
import { openStorage, type Storage } from '../packages/server/src/storage/db.ts';
import { eachDatabase, type Database } from './support/databases.ts';
import { api, bearer } from './support/http.ts';
import { breathe, guardRun, onCleanup } from './support/process.ts';
import { finish, gitNote, machine, utcMinute } from './support/results.ts';
import { fixed, mark } from './support/stats.ts';

const HOLDERS = Number(process.env.BENCH_FANOUT_HOLDERS ?? 100_000);
const TARGET_MS = 10_000;

interface Figures {
  database: Database;
  seedMs: number;
  runs: { way: string; ms: number; recipients: number; inboxRows: number }[];
  problems: string[];
}

guardRun(8 * 60_000);

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
      await breathe();
    }
    await trx.updateTable('ticket_types').set({ taken: HOLDERS }).where('id', '=', ticketTypeId).execute();
  });
  // Fresh planner statistics, as autovacuum would have them on a server that sold these tickets.
  await sql`ANALYZE`.execute(storage.db);
}

async function benchDatabase(database: Database, url: string): Promise<Figures> {
  const target: Config['database'] = url.startsWith('sqlite:') ? { kind: 'sqlite', path: url.slice('sqlite:'.length) } : { kind: 'postgres', url };
  const storage = openStorage(target);
  const clock = movableClock();
  const config: Config = {
    port: 0, host: '127.0.0.1', publicUrl: 'http://127.0.0.1', alsoServedAt: [], logFormat: 'json', database: target, orderHoldSeconds: 600, retentionDays: 180, demo: false, trustProxy: false,
    rateLimits: { signIn: 1e9, signUp: 1e9, accounts: 1e9, claims: 1e9, scans: 1e9 }, // the bench measures fan-out, not limits
    secret: randomBytes(32).toString('hex'), outboundToPrivateAddresses: false, payments: sandboxPayments,
  };
  const server = await createServer({ config, storage, clock, jobs: false });
  const stop = onCleanup(async () => {
    await server.close();
    await storage.close();
  });
  try {
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (server.app.server.address() as AddressInfo).port;
    const post = (path: string, expected: number, body?: object, token?: string) =>
      api<Record<string, any>>(port, 'POST', `/api/v1${path}`, expected, token ? bearer(token) : {}, body);
    const signUp = await post('/organizers', 201, { name: 'Bench', email: `bench-${randomUUID()}@example.org`, password: 'correct horse battery' });
    const startsAt = new Date(Date.now() + 7 * 86_400_000);
    const event = await post('/events', 201, { name: 'Fan-out', venue: 'Ziggo Dome', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 4 * 3_600_000).toISOString() }, signUp.token);
    const type = await post(`/events/${event.id}/ticket-types`, 201, { name: 'GA', priceCents: 2000, currency: 'EUR', capacity: HOLDERS }, signUp.token);
    await post(`/events/${event.id}/publish`, 200, undefined, signUp.token);

    console.log(`  seeding ${HOLDERS} holders...`);
    let t0 = performance.now();
    await seedHolders(storage, event.id, type.id);
    const seedMs = performance.now() - t0;
    console.log(`  seeded in ${fixed(seedMs / 1000)} s`);
    const inboxRows = async (messageId: string) =>
      Number((await storage.db.selectFrom('inbox').select((eb) => eb.fn.countAll<string>().as('n')).where('message_id', '=', messageId).executeTakeFirstOrThrow()).n);
    const runs: Figures['runs'] = [];

    t0 = performance.now();
    const domain = await sendMessage(server.ctx, signUp.organizer.id, event.id, { title: 'Doors open', body: 'Doors open at 19:00.' });
    runs.push({ way: 'domain: sendMessage, send now', ms: performance.now() - t0, recipients: domain.recipients, inboxRows: await inboxRows(domain.id) });

    t0 = performance.now();
    const http = await post(`/events/${event.id}/messages`, 201, { title: 'Support act', body: 'The support act starts at 20:00.' }, signUp.token);
    runs.push({ way: 'HTTP: POST /api/v1/events/:eventId/messages, send now', ms: performance.now() - t0, recipients: http.recipients, inboxRows: await inboxRows(http.id) });

    const sendAt = new Date(clock().getTime() + 60_000).toISOString();
    const scheduled = await sendMessage(server.ctx, signUp.organizer.id, event.id, { title: 'Encore', body: 'Stay for the encore.', sendAt });
    clock.advance(61);
    t0 = performance.now();
    await runDueJobs(server.ctx);
    const ms = performance.now() - t0;
    const sent = (await storage.db.selectFrom('messages').select('recipients').where('id', '=', scheduled.id).executeTakeFirstOrThrow()).recipients;
    runs.push({ way: 'job: runDueJobs, a sendAt message come due', ms, recipients: sent, inboxRows: await inboxRows(scheduled.id) });

    for (const run of runs) console.log(`  ${run.way}: ${fixed(run.ms / 1000, 2)} s, ${run.recipients} recipients, ${run.inboxRows} inbox rows`);
    const problems = runs.filter((r) => r.recipients !== HOLDERS || r.inboxRows !== HOLDERS).map((r) => `${database}: ${r.way} reached ${r.inboxRows} of ${HOLDERS} holders`);
    if (database === 'sqlite' && runs[0]!.ms >= TARGET_MS) problems.push(`sqlite: the fan-out took ${fixed(runs[0]!.ms / 1000)} s, target < ${TARGET_MS / 1000} s`);
    return { database, seedMs, runs, problems };
  } finally {
    await stop();
  }
}

const run = await eachDatabase('fanout', benchDatabase);
finish(run, () => {
  const figures = run.figures;
  const sqlite = figures.find((f) => f.database === 'sqlite');
  const rows = [
    `| | ${figures.map((f) => f.database).join(' | ')} | target |`,
    `|---|${figures.map(() => '---:').join('|')}|---|`,
    `| seed ${HOLDERS.toLocaleString('en')} holders | ${figures.map((f) => `${fixed(f.seedMs / 1000)} s`).join(' | ')} | |`,
    ...figures[0]!.runs.map((r, i) => {
      const target = i === 0 ? `< ${TARGET_MS / 1000} s on SQLite (${sqlite ? mark(sqlite.runs[0]!.ms < TARGET_MS) : 'not run'})` : '';
      return `| ${r.way} | ${figures.map((f) => `${fixed(f.runs[i]!.ms / 1000, 2)} s`).join(' | ')} | ${target} |`;
    }),
    `| recipients = inbox rows = holders, every run | ${figures.map((f) => (f.runs.every((r) => r.recipients === HOLDERS && r.inboxRows === HOLDERS) ? 'yes' : 'NO')).join(' | ')} | yes |`,
  ];
  return {
    title: `Fan-out: ${utcMinute()}`,
    paragraphs: [
      `Command: \`npm run bench:fanout\` (bench/fanout.ts). Code: ${gitNote()}. Machine: ${machine()}, shared with other work; Node ${process.version}. The server runs in the bench process.`,
      `Method: ${HOLDERS.toLocaleString('en')} accounts, each holding one valid ticket of one event, inserted in bulk through the storage layer (Kysely, one transaction, then ANALYZE). ` +
        'Then three messages to all holders, one after the other, each timed alone: **domain** = `sendMessage` in-process (the send-now fan-out is one `INSERT INTO inbox ... SELECT DISTINCT ... FROM tickets`, in the transaction that records the message); ' +
        '**HTTP** = `POST /api/v1/events/:eventId/messages` over real HTTP from request to answer (auth, validation, the same fan-out); ' +
        '**job** = a message with `sendAt`, the clock moved past it, then `runDueJobs` (claim, send, mark done). Each message must reach exactly every holder.',
    ],
    tables: [rows.join('\n')],
    fileHeader: '# Benchmark results\n',
  };
});
