/**
 * Gate benchmark: `npm run bench:gate`. For SQLite, then PostgreSQL, in one run:
 *   1. bare: the two signature checks of a scan (Ed25519 issuer, P-256 holder) with node:crypto in
 *      this process, pre-parsed keys, over each batch of 500 distinct tickets right before the server
 *      gets it (interleaved, so that a noisy shared machine weighs on both figures alike);
 *   2. server: `POST /api/v1/gate/scans` of the real server (child process) in batches of 500 distinct
 *      valid tickets, each batch presented right before its upload; every scan must be `accepted`;
 *      ratio server/bare (target >= 0.7);
 *   3. the gate pack of an event with 100,000 tickets, every tenth an add-on, some inside and some
 *      checked out on the default list (seeded straight into the database, see bench/gate-seed.ts): build
 *      time and size plain and gzip (targets < 2 s, < 3 MB on the wire with gzip), and the time of an
 *      empty delta (target < 50 ms).
 * Diagnostics beside the figures: the shared scan decision of packages/protocol run in-process with the
 * server's node:crypto verifier (no HTTP, no database), and the cost of parsing one holder key.
 * The scans are in bench/gate-scans.ts, the pack in bench/gate-pack.ts.
 * Env: BENCH_DATABASE_URL (PostgreSQL admin URL; default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_ONLY=sqlite|postgres, BENCH_RESULTS=0 (do not append to bench/RESULTS.md), BENCH_GATE_INFLIGHT=2
 * (two uploads at once instead of one after the other), BENCH_GATE_ACCOUNTS (holders, 100 tickets each;
 * default 100), BENCH_SERVER_NODE_ARGS (extra node flags for the server,
 * e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"), BENCH_PG_LOG_MIN_DURATION (ms; diagnostics: PostgreSQL logs the
 * statements of the bench database that take at least this long, to its own server log).
 */
import { createPublicKey } from 'node:crypto';
import { base64urlDecode, base64urlEncode, parseCredential, type GatePack } from '@ticketguard/protocol';
import { dpopProof } from './dpop.ts';
import { DELTA_RUNS, PACK_RUNS, packFigures, type PackFigures } from './gate-pack.ts';
import { BARE_PASSES, INFLIGHT, WARMUP_BATCHES, benchHolder, diagnostics, scanFigures, type BenchHolder, type Diagnostics, type ServerFigures, type Ticket } from './gate-scans.ts';
import { seedPackEvent } from './gate-seed.ts';
import { eachDatabase, type Database } from './support/databases.ts';
import { api, bearer } from './support/http.ts';
import { guardRun, startRealServer } from './support/process.ts';
import { finish, gitNote, machine, utcMinute } from './support/results.ts';
import { fixed, mark, median } from './support/stats.ts';

const BATCH = 500;
const TICKETS_PER_ACCOUNT = 100;
const ACCOUNTS = Math.min(200, Math.max(12, Number(process.env.BENCH_GATE_ACCOUNTS) || 100));
const PACK_TICKETS = 100_000;
const PACK_CHECKED_IN = 200;
const PACK_REVOKED = 100;
const TARGET = { ratio: 0.7, packMs: 2_000, wireBytes: 3_000_000, deltaMs: 50 };

interface DbFigures {
  database: Database;
  tickets: number;
  setupSeconds: number;
  /** Bare checks, scans per second. */
  bareRate: number;
  diag: Diagnostics;
  server: ServerFigures;
  pack: PackFigures;
  problems: string[];
}

// The whole bench is aborted past 9 minutes, so a hung server cannot keep it running.
guardRun(9 * 60_000);

/** Runs `work` over `items` with at most `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function benchDatabase(database: Database, databaseUrl: string, holders: BenchHolder[]): Promise<DbFigures> {
  const problems: string[] = [];
  const server = await startRealServer(databaseUrl);
  const { port } = server;
  try {
    const setup0 = performance.now();

    // Organizer, the scan event and the pack event, each with a gate device.
    const { token } = await api<{ token: string }>(port, 'POST', '/api/v1/organizers', 201, {}, { name: 'Gate bench', email: `gate-bench-${Date.now()}@example.com`, password: 'bench-password-123' });
    const startsAt = new Date(Date.now() + 7 * 86_400_000);
    const endsAt = new Date(startsAt.getTime() + 6 * 3_600_000);
    const makeEvent = async (name: string, capacity: number) => {
      const { id } = await api<{ id: string }>(port, 'POST', '/api/v1/events', 201, bearer(token), { name, venue: 'Loopback Arena', startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() });
      const type = await api<{ id: string }>(port, 'POST', `/api/v1/events/${id}/ticket-types`, 201, bearer(token), { name: 'Standing', priceCents: 5000, currency: 'EUR', capacity });
      const addon = await api<{ id: string }>(port, 'POST', `/api/v1/events/${id}/ticket-types`, 201, bearer(token), { name: 'Parking', priceCents: 1000, currency: 'EUR', capacity, kind: 'addon' });
      await api(port, 'POST', `/api/v1/events/${id}/check-in-lists`, 201, bearer(token), { name: 'Car park', ticketTypeIds: [addon.id], allowReentry: true });
      await api(port, 'POST', `/api/v1/events/${id}/publish`, 200, bearer(token), {});
      const device = await api<{ id: string; token: string }>(port, 'POST', `/api/v1/events/${id}/gate-devices`, 201, bearer(token), { name: `${name} gate` });
      return { id, ticketTypeId: type.id, addonTypeId: addon.id, device };
    };
    const scanEvent = await makeEvent('Gate bench scans', holders.length * TICKETS_PER_ACCOUNT);
    const packEvent = await makeEvent('Gate bench pack', PACK_TICKETS);

    // Visitors: one account per holder key, each buying and paying 100 tickets.
    const tickets: Ticket[][] = await pool(holders, 4, async (holder) => {
      const dpop = (method: 'GET' | 'POST', path: string) => ({ dpop: dpopProof(holder, method, `${server.url}${path}`) });
      await api(port, 'POST', '/api/v1/accounts', 201, dpop('POST', '/api/v1/accounts'), {});
      const { order } = await api<{ order: { id: string } }>(port, 'POST', '/api/v1/orders', 201, dpop('POST', '/api/v1/orders'), {
        eventId: scanEvent.id, items: [{ ticketTypeId: scanEvent.ticketTypeId, quantity: TICKETS_PER_ACCOUNT }],
      });
      const payPath = `/api/v1/orders/${order.id}/sandbox-payment`;
      await api(port, 'POST', payPath, 200, dpop('POST', payPath), { outcome: 'paid' });
      const mine = await api<{ tickets: { id: string; eventId: string; credential: string | null; seq: number }[] }>(port, 'GET', '/api/v1/me/tickets', 200, dpop('GET', '/api/v1/me/tickets'));
      const own = mine.tickets.filter((t) => t.eventId === scanEvent.id);
      if (own.length !== TICKETS_PER_ACCOUNT) throw new Error(`an account holds ${own.length} tickets, expected ${TICKETS_PER_ACCOUNT}`);
      return own.map((t) => {
        if (!t.credential) throw new Error(`ticket ${t.id} has no credential`);
        const credential = Buffer.from(base64urlDecode(t.credential));
        const parsed = parseCredential(credential);
        if (parsed.subjectId !== t.id.toLowerCase() || !Buffer.from(parsed.holderKey).equals(holder.compressed)) {
          throw new Error(`ticket ${t.id}: credential subject or holder key does not match`);
        }
        return { id: t.id, credential, holder };
      });
    });
    const scanPack = await api<GatePack>(port, 'GET', '/api/v1/gate/pack', 200, bearer(scanEvent.device.token));
    const setupSeconds = (performance.now() - setup0) / 1000;

    // Batches of 500 distinct tickets, each mixing every holder (5 tickets from each of 100 holders by default).
    const interleaved: Ticket[] = [];
    for (let i = 0; i < TICKETS_PER_ACCOUNT; i += 1) for (const own of tickets) interleaved.push(own[i]!);
    const batches: Ticket[][] = [];
    for (let i = 0; i + BATCH <= interleaved.length; i += BATCH) batches.push(interleaved.slice(i, i + BATCH));

    // 1. In-process diagnostics over the batches to be timed; the issuer key for the bare checks.
    const [issuer] = scanPack.issuerKeys;
    if (!issuer || scanPack.issuerKeys.length !== 1) throw new Error(`scan event has ${scanPack.issuerKeys.length} issuer keys`);
    if (base64urlEncode(parseCredential(interleaved[0]!.credential).kid) !== issuer.kid) throw new Error('credential kid differs from the pack issuer key');
    const issuerKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: issuer.publicKey }, format: 'jwk' });
    const timed = batches.slice(WARMUP_BATCHES);
    console.log(`  ${interleaved.length} tickets ready in ${setupSeconds.toFixed(1)} s; in-process diagnostics...`);
    const diag = await diagnostics(timed, scanPack);

    // 2. Bare and server, batch by batch: warm-up batch(es), then the timed ones.
    console.log(`  bare checks (${BARE_PASSES} passes) and POST /api/v1/gate/scans: ${WARMUP_BATCHES} warm-up + ${timed.length} timed batches of ${BATCH}...`);
    const { bareRate, server: serverRun } = await scanFigures(port, scanEvent.device.token, issuerKey, batches, problems, database);

    // 3. Pack of 100,000 tickets, seeded into the running server's database.
    console.log(`  seeding ${PACK_TICKETS} tickets for the pack event...`);
    const seed = await seedPackEvent({
      databaseUrl, eventId: packEvent.id, ticketTypeId: packEvent.ticketTypeId, addonTypeId: packEvent.addonTypeId, gateDeviceId: packEvent.device.id,
      tickets: PACK_TICKETS, checkedIn: PACK_CHECKED_IN, revoked: PACK_REVOKED,
    });
    console.log(`  seeded in ${(seed.ms / 1000).toFixed(1)} s; timing GET /api/v1/gate/pack...`);
    const pack = await packFigures(port, packEvent.device.token, seed, problems, database);

    return { database, tickets: interleaved.length, setupSeconds, bareRate, diag, server: serverRun, pack, problems };
  } finally {
    await server.stop();
  }
}

const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(2)} MB`;
const list = (values: number[]) => values.map((v) => fixed(v)).join(', ');
const verdictList = (m: Map<string, number>) => [...m].map(([k, n]) => `${k}: ${n}`).join(', ');
const uploads = INFLIGHT === 1 ? 'one at a time' : `${INFLIGHT} in flight`;

function table(f: DbFigures) {
  const ratio = f.server.rate / f.bareRate;
  const plain = median(f.pack.plainMs);
  const gz = median(f.pack.gzipMs);
  const delta = median(f.pack.deltaMs);
  return [
    `| ${f.database} | figure | target |`,
    '|---|---:|---|',
    `| bare: issuer Ed25519 + holder P-256 verify, node:crypto in-process | ${fixed(f.bareRate, 0)} scans/s | |`,
    `| server: \`POST /api/v1/gate/scans\`, ${f.server.batches} batches of ${BATCH}, ${uploads} | ${fixed(f.server.rate, 0)} scans/s | |`,
    `| ratio server/bare | ${ratio.toFixed(3)} | >= ${TARGET.ratio} (${mark(ratio >= TARGET.ratio)}) |`,
    `| batch request p50 / p99 | ${fixed(f.server.p50)} / ${fixed(f.server.p99)} ms | |`,
    `| pack, ${f.pack.subjects.toLocaleString('en')} tickets, plain: build and send (median of ${PACK_RUNS}) | ${fixed(plain)} ms | < ${TARGET.packMs} ms (${mark(plain < TARGET.packMs)}) |`,
    `| pack raw size | ${f.pack.rawBytes.toLocaleString('en')} B (${mb(f.pack.rawBytes)}) | |`,
    `| pack, gzip: build and send (median of ${PACK_RUNS}) | ${fixed(gz)} ms | < ${TARGET.packMs} ms (${mark(gz < TARGET.packMs)}) |`,
    `| pack on the wire (gzip) | ${f.pack.gzipBytes.toLocaleString('en')} B (${mb(f.pack.gzipBytes)}) | < 3 MB (${mark(f.pack.gzipBytes < TARGET.wireBytes)}) |`,
    `| empty delta \`?since=<cursor>\` (median of ${DELTA_RUNS}) | ${fixed(delta)} ms | < ${TARGET.deltaMs} ms (${mark(delta < TARGET.deltaMs)}) |`,
    '',
    `Verdicts: ${verdictList(f.server.verdicts)}. Batch times (ms): ${list(f.server.batchMs)}. ` +
      `Diagnostics: the shared \`decideScan\` in-process with the server's node:crypto verifier (QR parse, Base45, both signatures, rules; no HTTP, no database) ` +
      `${fixed(f.diag.decideRate, 0)} scans/s; parsing one new holder key (decompress + JWK + KeyObject) ${fixed(f.diag.keyParseUs)} µs. ` +
      `Pack runs plain ${list(f.pack.plainMs)} ms, gzip ${list(f.pack.gzipMs)} ms, empty delta ${list(f.pack.deltaMs)} ms (${f.pack.deltaBytes} B). ` +
      `Pack rows: ${f.pack.subjects} (${f.pack.checkedInRows} inside and ${f.pack.checkedOutRows} checked out, each with time and gate; ${f.pack.seed.revoked} revoked; every tenth an add-on), seeded in ${fixed(f.pack.seed.ms / 1000)} s. ` +
      `Scan set-up: ${f.tickets} tickets through the API (${f.tickets / TICKETS_PER_ACCOUNT} accounts x ${TICKETS_PER_ACCOUNT}) in ${fixed(f.setupSeconds)} s.` +
      (f.problems.length ? `\n\n**Problems:** ${f.problems.join('; ')}` : ''),
  ].join('\n');
}

const holders = Array.from({ length: ACCOUNTS }, benchHolder);
const started = performance.now();
const run = await eachDatabase('gate', (database, url) => benchDatabase(database, url, holders));
for (const f of run.figures) console.log(`\n=== ${f.database} ===\n${table(f)}`);
console.log(`\nwhole bench: ${((performance.now() - started) / 1000).toFixed(0)} s`);
finish(run, () => ({
  title: `Gate: ${utcMinute()}`,
  paragraphs: [
    `Command: \`npm run bench:gate\` (bench/gate.ts). Code: ${gitNote()}. Machine: ${machine()}, shared with other work and noisy; Node ${process.version}. ` +
      'The bench process (client, and the bare checks) and the server child share the same 2 cores.',
    `Method: ${ACCOUNTS} accounts (distinct P-256 holder keys) buy ${TICKETS_PER_ACCOUNT} tickets each through the API; batches of ${BATCH} distinct tickets mix all holders. ` +
      `**bare** = \`crypto.verify\` of the Ed25519 issuer signature and the P-256 holder signature in the bench process (keys parsed beforehand), ${BARE_PASSES} passes over each timed batch right before its upload, so that bare and server run under the same load. ` +
      `**server** = scans per second over the wall time of the timed \`POST /api/v1/gate/scans\` requests only (${uploads}; ${WARMUP_BATCHES} warm-up batch not counted), each batch presented fresh right before its upload (not timed); every scan must come back \`accepted\`. ` +
      `**pack** = \`GET /api/v1/gate/pack\` for an event with ${PACK_TICKETS.toLocaleString('en')} ticket rows inserted straight into the database (bench/gate-seed.ts; on PostgreSQL followed by ANALYZE), with its check-in list and products, timed from request to last byte at the client. 3 MB = 3,000,000 bytes.`,
  ],
  tables: run.figures.map(table),
  fileHeader: '# Benchmark results\n',
}));
