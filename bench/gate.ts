/**
 * Gate benchmark: `npm run bench:gate`. For SQLite, then PostgreSQL, in one run:
 *   1. bare: the two signature checks of a scan (Ed25519 issuer, P-256 holder) with node:crypto in
 *      this process, pre-parsed keys, over each batch of 500 distinct tickets right before the server
 *      gets it (interleaved, so that a noisy shared machine weighs on both figures alike);
 *   2. server: `POST /api/v1/gate/scans` of the real server (child process) in batches of 500 distinct
 *      valid tickets, each batch presented right before its upload; every scan must be `accepted`;
 *      ratio server/bare (target >= 0.7);
 *   3. the gate pack of an event with 100,000 tickets (seeded straight into the database, see
 *      bench/gate-seed.ts): time and size plain and gzip (targets < 2 s, < 8 MB raw), and the time of
 *      an empty delta (target < 50 ms).
 * Diagnostics beside the figures: the shared scan decision of packages/protocol run in-process with the
 * server's node:crypto verifier (no HTTP, no database), and the cost of parsing one holder key.
 * Env: BENCH_DATABASE_URL (PostgreSQL admin URL; default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_ONLY=sqlite|postgres, BENCH_RESULTS=0 (do not append to bench/RESULTS.md), BENCH_GATE_INFLIGHT=2
 * (two uploads at once instead of one after the other), BENCH_GATE_ACCOUNTS (holders, 100 tickets each;
 * default 100), BENCH_SERVER_NODE_ARGS (extra node flags for the server,
 * e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"), BENCH_PG_LOG_MIN_DURATION (ms; diagnostics: PostgreSQL logs the
 * statements of the bench database that take at least this long, to its own server log).
 */
import http from 'node:http';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createPublicKey, randomBytes, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import pg from 'pg';
import {
  CREDENTIAL_BODY_LENGTH,
  base64urlDecode,
  base64urlEncode,
  credentialSigningInput,
  decideScan,
  gateStateFromPack,
  p256JwkFromCompressed,
  parseCredential,
  presentationSigningInput,
  presentationToQrText,
  type GatePack,
} from '@ticketguard/protocol';
import { nodeVerifier } from '../packages/server/src/domain/gate/node-verifier.ts';
import { dpopProof, newHolder, type Holder } from './dpop.ts';
import { seedPackEvent, type SeedResult } from './gate-seed.ts';

const root = resolve(import.meta.dirname, '..');
const BATCH = 500;
const TICKETS_PER_ACCOUNT = 100;
const ACCOUNTS = Math.min(200, Math.max(12, Number(process.env.BENCH_GATE_ACCOUNTS) || 100));
const WARMUP_BATCHES = 1;
/** Uploads in flight at once (BENCH_GATE_INFLIGHT, 1 or 2). */
const INFLIGHT = process.env.BENCH_GATE_INFLIGHT === '2' ? 2 : 1;
/** Bare checks run this many times over each timed batch. */
const BARE_PASSES = 2;
const PACK_TICKETS = 100_000;
const PACK_CHECKED_IN = 200;
const PACK_REVOKED = 100;
const PACK_RUNS = 3;
const DELTA_RUNS = 5;
const TARGET = { ratio: 0.7, packMs: 2_000, packBytes: 8_000_000, deltaMs: 50 };
/** The whole bench is aborted past this, so a hung server cannot keep it running. */
const DEADLINE_MS = 9 * 60_000;
const GATE = 'north';
/**
 * Long loops pause every SLICE items so that a signal is handled at once: under the tsx CLI
 * (`npm run bench:gate`) a child that does not react to Ctrl-C within 30 ms is SIGKILLed, and its
 * clean-up (server child, temporary files, the PostgreSQL database) would not run.
 */
const SLICE = 25;
const breathe = () => new Promise<void>((r) => setImmediate(r));

// ---------------------------------------------------------------- process hygiene

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
});

type Cleanup = () => Promise<void>;
const cleanups = new Set<Cleanup>();

/**
 * Registers a clean-up that runs once, whoever calls it first: its owner in a `finally`, or `abort` on
 * a signal. Either waits for the same run, so the process never exits in the middle of one.
 */
function onCleanup(work: () => Promise<unknown> | void): Cleanup {
  let running: Promise<void> | undefined;
  const run: Cleanup = () =>
    (running ??= Promise.resolve()
      .then(work)
      .then(() => undefined)
      .finally(() => cleanups.delete(run)));
  cleanups.add(run);
  return run;
}

async function runCleanups() {
  // Newest first: a server stops before its database goes.
  for (const cleanup of [...cleanups].reverse()) {
    try {
      await Promise.race([cleanup(), new Promise((r) => setTimeout(r, 15_000).unref())]);
    } catch (error) {
      console.error(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

let aborting = false;
async function abort(reason: string, code: number) {
  if (aborting) return; // a repeated signal (the tsx CLI relays Ctrl-C once more) must not cut the clean-up short
  aborting = true;
  console.error(`\n${reason}; cleaning up`);
  for (const child of children) if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
  await runCleanups();
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void abort(`got ${signal}`, 130));
setTimeout(() => void abort(`deadline of ${DEADLINE_MS / 60_000} min passed`, 1), DEADLINE_MS).unref();

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

function startServer(env: Record<string, string>, nodeArgs: string[]) {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'packages/server/src/main.ts'], {
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

// ---------------------------------------------------------------- HTTP to 127.0.0.1

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** From sending the request to its last byte. */
  ms: number;
}

function request(port: number, method: 'GET' | 'POST', path: string, headers: Record<string, string> = {}, body?: string, timeoutMs = 60_000): Promise<Answer> {
  return new Promise((done, fail) => {
    const all: Record<string, string | number> = { ...headers };
    if (body !== undefined) {
      all['content-type'] = 'application/json';
      all['content-length'] = Buffer.byteLength(body);
    }
    const t0 = performance.now();
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: all, agent, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - t0 }));
      res.on('error', fail);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timeout after ${timeoutMs} ms`)));
    req.on('error', fail);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

async function api<T = Record<string, unknown>>(port: number, method: 'GET' | 'POST', path: string, expected: number, headers: Record<string, string> = {}, body?: unknown): Promise<T> {
  const answer = await request(port, method, path, headers, body === undefined ? undefined : JSON.stringify(body));
  if (answer.status !== expected) throw new Error(`${method} ${path}: expected ${expected}, got ${answer.status} ${answer.body.toString('utf8').slice(0, 300)}`);
  return JSON.parse(answer.body.toString('utf8')) as T;
}

async function waitReady(port: number, child: ChildProcess, tail: () => string) {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was ready:\n${tail()}`);
    const answer = await request(port, 'GET', '/api/v1/health', {}, undefined, 1_000).catch(() => undefined);
    if (answer?.status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not ready on port ${port} after 60 s:\n${tail()}`);
}

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

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

// ---------------------------------------------------------------- tickets and presentations

interface BenchHolder extends Holder {
  publicKey: KeyObject;
  /** Compressed SEC1 point, as the credential carries it. */
  compressed: Buffer;
}

interface Ticket {
  id: string;
  credential: Buffer;
  holder: BenchHolder;
}

function benchHolder(): BenchHolder {
  const holder = newHolder();
  const publicKey = createPublicKey(holder.privateKey);
  const jwk = publicKey.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x!, 'base64url');
  const y = Buffer.from(jwk.y!, 'base64url');
  return { ...holder, publicKey, compressed: Buffer.concat([Buffer.from([0x02 | (y[31]! & 1)]), x]) };
}

/** The 194-byte presentation of PROTOCOL.md section 3, signed with node:crypto. */
function present(ticket: Ticket, presentedAt: number) {
  const signed = Buffer.alloc(130);
  ticket.credential.copy(signed, 0);
  signed.writeUInt32BE(presentedAt, 126);
  const message = presentationSigningInput(signed);
  const signature = sign('sha256', message, { key: ticket.holder.privateKey, dsaEncoding: 'ieee-p1363' });
  return { bytes: Buffer.concat([signed, signature]), message, signature };
}

// ---------------------------------------------------------------- figures

interface BareFigures {
  scans: number;
  rate: number;
}

interface Diagnostics {
  /** µs to parse one compressed holder key into a KeyObject, as the server's verifier does once per new key. */
  keyParseUs: number;
  /** The whole shared decision in-process: QR parse, Base45, both signatures, pack rules. */
  decideRate: number;
}

interface ServerFigures {
  batches: number;
  scans: number;
  rate: number;
  p50: number;
  p99: number;
  batchMs: number[];
  verdicts: Map<string, number>;
}

interface PackFigures {
  seed: SeedResult;
  subjects: number;
  checkedInRows: number;
  plainMs: number[];
  rawBytes: number;
  gzipMs: number[];
  gzipBytes: number;
  deltaMs: number[];
  deltaBytes: number;
  deltaSubjects: number;
}

interface DbFigures {
  database: 'sqlite' | 'postgres';
  tickets: number;
  setupSeconds: number;
  bare: BareFigures;
  diag: Diagnostics;
  server: ServerFigures;
  pack: PackFigures;
  problems: string[];
}

interface Scan {
  ticket: Ticket;
  qr: string;
  issuerMessage: Uint8Array;
  issuerSignature: Uint8Array;
  holderMessage: Uint8Array;
  holderSignature: Uint8Array;
}

async function presentBatch(batch: Ticket[], presentedAt: number): Promise<Scan[]> {
  const scans: Scan[] = [];
  for (const ticket of batch) {
    const p = present(ticket, presentedAt);
    scans.push({
      ticket,
      qr: presentationToQrText(p.bytes),
      issuerMessage: credentialSigningInput(ticket.credential.subarray(0, CREDENTIAL_BODY_LENGTH)),
      issuerSignature: ticket.credential.subarray(CREDENTIAL_BODY_LENGTH),
      holderMessage: p.message,
      holderSignature: p.signature,
    });
    if (scans.length % SLICE === 0) await breathe();
  }
  return scans;
}

/**
 * The bare figure: both signature checks of every scan with node:crypto, keys parsed beforehand.
 * Returns the ms spent in the checks only (not in the pauses between slices).
 */
async function bareCheck(scans: Scan[], issuerKey: KeyObject): Promise<number> {
  let ms = 0;
  let ok = 0;
  for (let pass = 0; pass < BARE_PASSES; pass += 1) {
    for (let from = 0; from < scans.length; from += SLICE) {
      const to = Math.min(scans.length, from + SLICE);
      const t0 = performance.now();
      for (let i = from; i < to; i += 1) {
        const s = scans[i]!;
        if (
          verify(null, s.issuerMessage, issuerKey, s.issuerSignature) &&
          verify('sha256', s.holderMessage, { key: s.ticket.holder.publicKey, dsaEncoding: 'ieee-p1363' }, s.holderSignature)
        ) ok += 1;
      }
      ms += performance.now() - t0;
      await breathe();
    }
  }
  if (ok !== scans.length * BARE_PASSES) throw new Error('bare: a signature did not verify in-process');
  return ms;
}

/** Where the server's time goes besides the two checks, measured in this process without HTTP or database. */
async function diagnostics(batches: Ticket[][], pack: GatePack): Promise<Diagnostics> {
  const holderKeys = [...new Set(batches.flat().map((t) => t.holder))].map((h) => h.compressed);
  const parses = 2_000;
  const k0 = performance.now();
  for (let i = 0; i < parses; i += 1) {
    createPublicKey({ key: { ...p256JwkFromCompressed(holderKeys[i % holderKeys.length]!) }, format: 'jwk' });
    if (i % SLICE === SLICE - 1) await breathe();
  }
  const keyParseUs = ((performance.now() - k0) * 1000) / parses;

  // The shared decision (packages/protocol decideScan) with the server's node:crypto verifier.
  const now = Math.floor(Date.now() / 1000);
  const scans: Scan[] = [];
  for (const batch of batches) scans.push(...(await presentBatch(batch, now)));
  const state = gateStateFromPack(pack);
  const verifier = nodeVerifier();
  const noCheckIns = new Map();
  const decideAll = async () => {
    let ok = 0;
    for (let i = 0; i < scans.length; i += 1) {
      const decision = await decideScan({ qr: scans[i]!.qr, state, checkIns: noCheckIns, now, verifier, expectType: 'ticket' });
      if (decision.verdict === 'accepted') ok += 1;
      if (i % SLICE === SLICE - 1) await breathe();
    }
    return ok;
  };
  const accepted = await decideAll(); // warm-up, and every holder key parsed once
  if (accepted !== scans.length) throw new Error(`in-process decideScan accepted ${accepted} of ${scans.length}`);
  const d0 = performance.now();
  await decideAll();
  return { keyParseUs, decideRate: scans.length / ((performance.now() - d0) / 1000) };
}

/**
 * Group by group of INFLIGHT batches: present the group (not timed), run the bare checks over it in
 * this process, then upload its batches at once (one by one with INFLIGHT = 1). Interleaving puts
 * both figures under the same load of a shared machine. The server rate is over the wall time of
 * the timed uploads only.
 */
async function scanFigures(port: number, gateToken: string, issuerKey: KeyObject, batches: Ticket[][], problems: string[], database: string) {
  const verdicts = new Map<string, number>();
  const batchMs: number[] = [];
  let bareMs = 0;
  let serverMs = 0;
  let scans = 0;
  const groups: Ticket[][][] = batches.slice(0, WARMUP_BATCHES).map((batch) => [batch]);
  for (let b = WARMUP_BATCHES; b < batches.length; b += INFLIGHT) groups.push(batches.slice(b, b + INFLIGHT));
  for (let g = 0; g < groups.length; g += 1) {
    const warmup = g < WARMUP_BATCHES;
    // Made right before the upload: the server refuses presentations older than 15 s.
    const presentedAt = Math.floor(Date.now() / 1000);
    const presented: Scan[][] = [];
    for (const batch of groups[g]!) presented.push(await presentBatch(batch, presentedAt));
    let bare = 0;
    for (const batch of presented) bare += await bareCheck(batch, issuerKey);
    const scannedAt = new Date().toISOString();
    const bodies = presented.map((batch) => JSON.stringify({ scans: batch.map((s) => ({ scanId: randomUUID(), qr: s.qr, scannedAt, gate: GATE })) }));
    const t0 = performance.now();
    const answers = await Promise.all(bodies.map((body) => request(port, 'POST', '/api/v1/gate/scans', bearer(gateToken), body)));
    const wall = performance.now() - t0;
    answers.forEach((answer, i) => {
      const size = presented[i]!.length;
      if (answer.status !== 200) throw new Error(`POST /api/v1/gate/scans: ${answer.status} ${answer.body.toString('utf8').slice(0, 300)}`);
      const { results } = JSON.parse(answer.body.toString('utf8')) as { results: { verdict: string; reason?: string }[] };
      if (results.length !== size) throw new Error(`POST /api/v1/gate/scans: ${results.length} results for ${size} scans`);
      for (const r of results) {
        const key = `${warmup ? 'warm-up ' : ''}${r.verdict === 'accepted' ? 'accepted' : `rejected:${r.reason ?? '?'}`}`;
        verdicts.set(key, (verdicts.get(key) ?? 0) + 1);
      }
      if (!warmup) {
        batchMs.push(answer.ms);
        scans += size;
      }
    });
    if (!warmup) {
      bareMs += bare;
      serverMs += wall;
    }
  }
  for (const [key, count] of verdicts) if (!key.endsWith('accepted')) problems.push(`${database}: ${count} scans of distinct valid tickets answered ${key}`);
  const bare: BareFigures = { scans: scans * BARE_PASSES, rate: (scans * BARE_PASSES) / (bareMs / 1000) };
  const server: ServerFigures = { batches: batchMs.length, scans, rate: scans / (serverMs / 1000), p50: percentile(batchMs, 50), p99: percentile(batchMs, 99), batchMs, verdicts };
  return { bare, server };
}

async function packFigures(port: number, gateToken: string, seed: SeedResult, problems: string[], database: string): Promise<PackFigures> {
  const plainMs: number[] = [];
  const gzipMs: number[] = [];
  const deltaMs: number[] = [];
  let raw: Buffer | undefined;
  let gzipped: Buffer | undefined;
  for (let i = 0; i < PACK_RUNS; i += 1) {
    const answer = await request(port, 'GET', '/api/v1/gate/pack', bearer(gateToken));
    if (answer.status !== 200) throw new Error(`GET /api/v1/gate/pack: ${answer.status} ${answer.body.toString('utf8').slice(0, 300)}`);
    if (answer.headers['content-encoding']) throw new Error(`plain pack came with content-encoding ${answer.headers['content-encoding']}`);
    plainMs.push(answer.ms);
    raw = answer.body;
  }
  for (let i = 0; i < PACK_RUNS; i += 1) {
    const answer = await request(port, 'GET', '/api/v1/gate/pack', { ...bearer(gateToken), 'accept-encoding': 'gzip' });
    if (answer.status !== 200) throw new Error(`GET /api/v1/gate/pack (gzip): ${answer.status}`);
    if (answer.headers['content-encoding'] !== 'gzip') problems.push(`${database}: pack asked with Accept-Encoding: gzip came back without content-encoding: gzip`);
    gzipMs.push(answer.ms);
    gzipped = answer.body;
  }
  const pack = JSON.parse(raw!.toString('utf8')) as GatePack;
  const unzipped = gunzipSync(gzipped!);
  if (unzipped.length < raw!.length * 0.99 || unzipped.length > raw!.length * 1.01) problems.push(`${database}: gzip pack unzips to ${unzipped.length} bytes, plain is ${raw!.length}`);
  if (pack.subjects.length !== seed.tickets) problems.push(`${database}: pack has ${pack.subjects.length} subjects, seeded ${seed.tickets}`);
  const checkedInRows = pack.subjects.filter((s) => s[2] === 'checked_in' && s.length === 6).length;
  if (checkedInRows !== seed.checkedIn) problems.push(`${database}: pack has ${checkedInRows} checked-in rows with time and gate, seeded ${seed.checkedIn}`);
  if (pack.cursor !== String(seed.packVersion)) problems.push(`${database}: pack cursor ${pack.cursor}, expected ${seed.packVersion}`);

  let delta: Buffer | undefined;
  for (let i = 0; i < DELTA_RUNS; i += 1) {
    const answer = await request(port, 'GET', `/api/v1/gate/pack?since=${encodeURIComponent(pack.cursor)}`, bearer(gateToken));
    if (answer.status !== 200) throw new Error(`GET /api/v1/gate/pack?since: ${answer.status} ${answer.body.toString('utf8').slice(0, 300)}`);
    deltaMs.push(answer.ms);
    delta = answer.body;
  }
  const deltaSubjects = (JSON.parse(delta!.toString('utf8')) as GatePack).subjects.length;
  if (deltaSubjects !== 0) problems.push(`${database}: empty delta has ${deltaSubjects} subjects`);
  return { seed, subjects: pack.subjects.length, checkedInRows, plainMs, rawBytes: raw!.length, gzipMs, gzipBytes: gzipped!.length, deltaMs, deltaBytes: delta!.length, deltaSubjects };
}

// ---------------------------------------------------------------- one database

async function benchDatabase(database: 'sqlite' | 'postgres', databaseUrl: string, holders: BenchHolder[]): Promise<DbFigures> {
  const problems: string[] = [];
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const server = startServer(
    { PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: publicUrl, DATABASE_URL: databaseUrl, TG_DEMO: '0', LOG_LEVEL: 'warn', TG_SECRET: randomBytes(32).toString('hex') },
    nodeArgs,
  );
  const stop = onCleanup(() => stopChild(server.child));
  try {
    await waitReady(port, server.child, server.tail);
    const setup0 = performance.now();

    // Organizer, the scan event and the pack event, each with a gate device.
    const { token } = await api<{ token: string }>(port, 'POST', '/api/v1/organizers', 201, {}, { name: 'Gate bench', email: `gate-bench-${Date.now()}@example.com`, password: 'bench-password-123' });
    const startsAt = new Date(Date.now() + 7 * 86_400_000);
    const endsAt = new Date(startsAt.getTime() + 6 * 3_600_000);
    const makeEvent = async (name: string, capacity: number) => {
      const { id } = await api<{ id: string }>(port, 'POST', '/api/v1/events', 201, bearer(token), { name, venue: 'Loopback Arena', startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() });
      const type = await api<{ id: string }>(port, 'POST', `/api/v1/events/${id}/ticket-types`, 201, bearer(token), { name: 'Standing', priceCents: 5000, currency: 'EUR', capacity });
      await api(port, 'POST', `/api/v1/events/${id}/publish`, 200, bearer(token), {});
      const device = await api<{ id: string; token: string }>(port, 'POST', `/api/v1/events/${id}/gate-devices`, 201, bearer(token), { name: `${name} gate` });
      return { id, ticketTypeId: type.id, device };
    };
    const scanEvent = await makeEvent('Gate bench scans', holders.length * TICKETS_PER_ACCOUNT);
    const packEvent = await makeEvent('Gate bench pack', PACK_TICKETS);

    // Visitors: one account per holder key, each buying and paying 100 tickets.
    const tickets: Ticket[][] = await pool(holders, 4, async (holder) => {
      const dpop = (method: 'GET' | 'POST', path: string) => ({ dpop: dpopProof(holder, method, `${publicUrl}${path}`) });
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
    const { bare, server: serverRun } = await scanFigures(port, scanEvent.device.token, issuerKey, batches, problems, database);

    // 3. Pack of 100,000 tickets, seeded into the running server's database.
    console.log(`  seeding ${PACK_TICKETS} tickets for the pack event...`);
    const seed = await seedPackEvent({
      databaseUrl, eventId: packEvent.id, ticketTypeId: packEvent.ticketTypeId, gateDeviceId: packEvent.device.id,
      tickets: PACK_TICKETS, checkedIn: PACK_CHECKED_IN, revoked: PACK_REVOKED,
    });
    console.log(`  seeded in ${(seed.ms / 1000).toFixed(1)} s; timing GET /api/v1/gate/pack...`);
    const pack = await packFigures(port, packEvent.device.token, seed, problems, database);

    return { database, tickets: interleaved.length, setupSeconds, bare, diag, server: serverRun, pack, problems };
  } finally {
    await stop();
  }
}

/** Leftovers of a run that was killed before its clean-up (e.g. SIGKILL) are older than any live run. */
const STALE_MS = 2 * DEADLINE_MS;

async function withPostgres<T>(adminUrl: string, work: (url: string) => Promise<T>): Promise<T> {
  const name = `tg_gate_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const stale = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname ~ '^tg_gate_[0-9]+$'`);
  for (const { datname } of stale.rows) {
    if (Date.now() - Number(datname.slice('tg_gate_'.length)) > STALE_MS) {
      console.log(`  dropping ${datname}, left over by a killed run`);
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
  }
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    await admin.end();
    throw error;
  }
  const drop = onCleanup(async () => {
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    // Diagnostics only: have PostgreSQL log the duration of every statement on this database.
    const logMs = process.env.BENCH_PG_LOG_MIN_DURATION;
    if (logMs && /^\d+$/.test(logMs)) await admin.query(`ALTER DATABASE ${name} SET log_min_duration_statement = ${logMs}`);
    return await work(url.toString());
  } finally {
    await drop();
  }
}

async function withSqlite<T>(work: (url: string) => Promise<T>): Promise<T> {
  for (const entry of readdirSync(tmpdir())) {
    if (!entry.startsWith('tg-gate-bench-')) continue;
    const old = join(tmpdir(), entry);
    if (Date.now() - statSync(old).mtimeMs > STALE_MS) rmSync(old, { recursive: true, force: true });
  }
  const dir = mkdtempSync(join(tmpdir(), 'tg-gate-bench-'));
  const remove = onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  try {
    return await work(`sqlite:${join(dir, 'gate.sqlite')}`);
  } finally {
    await remove();
  }
}

// ---------------------------------------------------------------- report

const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
const fixed = (v: number, d = 1) => v.toFixed(d);
const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(2)} MB`;
const list = (values: number[]) => values.map((v) => fixed(v)).join(', ');
const verdictList = (m: Map<string, number>) => [...m].map(([k, n]) => `${k}: ${n}`).join(', ');

function table(f: DbFigures) {
  const ratio = f.server.rate / f.bare.rate;
  const plain = median(f.pack.plainMs);
  const gz = median(f.pack.gzipMs);
  const delta = median(f.pack.deltaMs);
  return [
    `| ${f.database} | figure | target |`,
    '|---|---:|---|',
    `| bare: issuer Ed25519 + holder P-256 verify, node:crypto in-process | ${fixed(f.bare.rate, 0)} scans/s | |`,
    `| server: \`POST /api/v1/gate/scans\`, ${f.server.batches} batches of ${BATCH}, ${INFLIGHT === 1 ? 'one at a time' : `${INFLIGHT} in flight`} | ${fixed(f.server.rate, 0)} scans/s | |`,
    `| ratio server/bare | ${ratio.toFixed(3)} | >= ${TARGET.ratio} (${mark(ratio >= TARGET.ratio)}) |`,
    `| batch request p50 / p99 | ${fixed(f.server.p50)} / ${fixed(f.server.p99)} ms | |`,
    `| pack, ${f.pack.subjects.toLocaleString('en')} tickets, plain: time (median of ${PACK_RUNS}) | ${fixed(plain)} ms | < ${TARGET.packMs} ms (${mark(plain < TARGET.packMs)}) |`,
    `| pack raw size | ${f.pack.rawBytes.toLocaleString('en')} B (${mb(f.pack.rawBytes)}) | < 8 MB (${mark(f.pack.rawBytes < TARGET.packBytes)}) |`,
    `| pack, gzip: time (median of ${PACK_RUNS}) / size | ${fixed(gz)} ms / ${f.pack.gzipBytes.toLocaleString('en')} B (${mb(f.pack.gzipBytes)}) | < ${TARGET.packMs} ms (${mark(gz < TARGET.packMs)}) |`,
    `| empty delta \`?since=<cursor>\` (median of ${DELTA_RUNS}) | ${fixed(delta)} ms | < ${TARGET.deltaMs} ms (${mark(delta < TARGET.deltaMs)}) |`,
    '',
    `Verdicts: ${verdictList(f.server.verdicts)}. Batch times (ms): ${list(f.server.batchMs)}. ` +
      `Diagnostics: the shared \`decideScan\` in-process with the server's node:crypto verifier (QR parse, Base45, both signatures, rules; no HTTP, no database) ` +
      `${fixed(f.diag.decideRate, 0)} scans/s; parsing one new holder key (decompress + JWK + KeyObject) ${fixed(f.diag.keyParseUs)} µs. ` +
      `Pack runs plain ${list(f.pack.plainMs)} ms, gzip ${list(f.pack.gzipMs)} ms, empty delta ${list(f.pack.deltaMs)} ms (${f.pack.deltaBytes} B). ` +
      `Pack rows: ${f.pack.subjects} (${f.pack.checkedInRows} checked in with time and gate, ${f.pack.seed.revoked} revoked), seeded in ${fixed(f.pack.seed.ms / 1000)} s. ` +
      `Scan set-up: ${f.tickets} tickets through the API (${f.tickets / TICKETS_PER_ACCOUNT} accounts x ${TICKETS_PER_ACCOUNT}) in ${fixed(f.setupSeconds)} s.` +
      (f.pack.rawBytes >= TARGET.packBytes
        ? ` **The raw pack is over 8 MB**: with UUID ids a section 5 row \`["<36-char uuid>",1,"valid","<36-char uuid>"]\` is about ${Math.round(f.pack.rawBytes / f.pack.subjects)} bytes, so 100,000 rows cannot fit in 8 MB of JSON; the target of PROTOCOL.md section 5 is unreachable with this row format (gzip: ${mb(f.pack.gzipBytes)}).`
        : '') +
      (f.problems.length ? `\n\n**Problems:** ${f.problems.join('; ')}` : ''),
  ].join('\n');
}

function print(f: DbFigures) {
  console.log(`\n=== ${f.database} ===\n${table(f)}`);
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

function appendResults(figures: DbFigures[], failures: string[]) {
  const file = join(root, 'bench', 'RESULTS.md');
  const cpu = cpus();
  const section = [
    `## Gate: ${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC`,
    '',
    `Command: \`npm run bench:gate\` (bench/gate.ts). Code: ${gitNote()}. Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), shared with other work and noisy; Node ${process.version}. ` +
      'The bench process (client, and the bare checks) and the server child share the same 2 cores.',
    '',
    `Method: ${ACCOUNTS} accounts (distinct P-256 holder keys) buy ${TICKETS_PER_ACCOUNT} tickets each through the API; batches of ${BATCH} distinct tickets mix all holders. ` +
      `**bare** = \`crypto.verify\` of the Ed25519 issuer signature and the P-256 holder signature in the bench process (keys parsed beforehand), ${BARE_PASSES} passes over each timed batch right before its upload, so that bare and server run under the same load. ` +
      `**server** = scans per second over the wall time of the timed \`POST /api/v1/gate/scans\` requests only (${INFLIGHT === 1 ? 'one at a time' : `${INFLIGHT} in flight`}; ${WARMUP_BATCHES} warm-up batch not counted), each batch presented fresh right before its upload (not timed); every scan must come back \`accepted\`. ` +
      `**pack** = \`GET /api/v1/gate/pack\` for an event with ${PACK_TICKETS.toLocaleString('en')} ticket rows inserted straight into the database (bench/gate-seed.ts; on PostgreSQL followed by ANALYZE), timed from request to last byte at the client. 8 MB = 8,000,000 bytes.`,
    '',
    ...figures.flatMap((f) => [table(f), '']),
    ...(failures.length ? [`**Failed:** ${failures.join('; ')}`, ''] : []),
  ].join('\n');
  // Another bench may have appended meanwhile: read the file now and keep a blank line between sections.
  if (!existsSync(file)) appendFileSync(file, '# Benchmark results\n');
  const current = readFileSync(file, 'utf8');
  appendFileSync(file, `${current.endsWith('\n') ? '' : '\n'}\n${section}`);
}

// ---------------------------------------------------------------- main

async function main() {
  const only = process.env.BENCH_ONLY;
  const adminUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const holders = Array.from({ length: ACCOUNTS }, benchHolder);
  const figures: DbFigures[] = [];
  const failures: string[] = [];
  const started = performance.now();

  if (only !== 'postgres') {
    try {
      console.log('SQLite...');
      figures.push(await withSqlite((url) => benchDatabase('sqlite', url, holders)));
    } catch (error) {
      failures.push(`sqlite: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (only !== 'sqlite') {
    try {
      console.log('PostgreSQL...');
      figures.push(await withPostgres(adminUrl, (url) => benchDatabase('postgres', url, holders)));
    } catch (error) {
      failures.push(`postgres: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  agent.destroy();
  // After Ctrl-C nothing is printed or recorded: `abort` cleans up and ends the process.
  if (aborting) await new Promise(() => {});

  for (const f of figures) print(f);
  console.log(`\nwhole bench: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  failures.push(...figures.flatMap((f) => f.problems));
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
process.exit(0);
