/**
 * The bench process and its servers. Whatever a run creates (a server child, a temporary folder, a
 * database) registers a clean-up here, so that it goes away on every way out: its owner's `finally`,
 * Ctrl-C, the deadline, or at the latest the process exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { request } from './http.ts';

/** The monorepo root: servers start from here, and RESULTS.md lives below it. */
export const root = resolve(import.meta.dirname, '..', '..');

export type Cleanup = () => Promise<void>;

const children = new Set<ChildProcess>();
/** Each clean-up with, for those that can run synchronously, what to do if the process exits first. */
const cleanups = new Map<Cleanup, (() => void) | undefined>();
let aborting = false;
let deadlineMs = 0;

/** True once Ctrl-C or the deadline has started the clean-up: loads stop, nothing is reported. */
export const aborted = () => aborting;

/**
 * Long loops call this every few items so that a signal is handled at once: under the tsx CLI
 * (`npm run bench:…`) a child that does not react to Ctrl-C within 30 ms is SIGKILLed, and its
 * clean-up (server child, temporary files, the PostgreSQL database) would not run.
 */
export const breathe = () => new Promise<void>((r) => setImmediate(r));

function killChildren() {
  for (const child of children) if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
}

/**
 * Registers a clean-up that runs once, whoever calls it first: its owner in a `finally`, or `abort` on
 * a signal. Either waits for the same run, so the process never exits in the middle of one.
 * `atExit` (synchronous) still runs if the process exits before the clean-up did.
 */
export function onCleanup(work: () => Promise<unknown> | void, atExit?: () => void): Cleanup {
  let running: Promise<void> | undefined;
  const run: Cleanup = () =>
    (running ??= Promise.resolve()
      .then(work)
      .then(() => undefined)
      .finally(() => cleanups.delete(run)));
  cleanups.set(run, atExit);
  return run;
}

async function runCleanups() {
  // Newest first: a server stops before its database goes.
  for (const cleanup of [...cleanups.keys()].reverse()) {
    try {
      await Promise.race([cleanup(), new Promise((r) => setTimeout(r, 15_000).unref())]);
    } catch (error) {
      console.error(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

async function abort(reason: string, code: number) {
  if (aborting) return; // a repeated signal (the tsx CLI relays Ctrl-C once more) must not cut the clean-up short
  aborting = true;
  console.error(`\n${reason}; cleaning up`);
  killChildren();
  await runCleanups();
  process.exit(code);
}

/** Call once at the start of a bench: Ctrl-C and the deadline clean up and exit; a hung server cannot keep it running. */
export function guardRun(deadline: number) {
  deadlineMs = deadline;
  process.on('exit', () => {
    killChildren();
    for (const atExit of cleanups.values()) atExit?.();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void abort(`got ${signal}`, 130));
  setTimeout(() => void abort(`deadline of ${deadline / 60_000} min passed`, 1), deadline).unref();
}

/** Leftovers of a run that was killed before its clean-up (e.g. SIGKILL) are older than any live run. */
export const leftoverAgeMs = () => 2 * deadlineMs;

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

/** Polls `path` until the server answers without a server error (the bare server has no route there: 404 will do). */
async function waitReady(port: number, child: ChildProcess, tail: () => string, path: string) {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (aborting) throw new Error('interrupted');
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was ready:\n${tail()}`);
    const answer = await request(port, { method: 'GET', path }, 1_000).catch(() => undefined);
    if (answer && answer.status < 500) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not ready on port ${port} after 60 s:\n${tail()}`);
}

export interface Server {
  port: number;
  /** http://127.0.0.1:<port>, the origin DPoP proofs name. */
  url: string;
  /** Stops the server; safe to call more than once. */
  stop: Cleanup;
  /** The server process's id, for a test that kills it hard (crash safety). */
  pid: number;
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<void>;
  /** The last 4,000 characters of its output. */
  output: () => string;
}

/**
 * Starts a TS file under node --import tsx on a free port and waits until it answers on `readyPath`.
 * Keeps the last lines of its output for the error if it does not come up.
 */
export async function startServer(file: string, env: (port: number) => Record<string, string>, readyPath: string, nodeArgs: string[] = []): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', file], {
    cwd: root,
    env: { ...process.env, ...env(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const stop = onCleanup(() => stopChild(child));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let tail = '';
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString('utf8')).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  try {
    await waitReady(port, child, () => tail, readyPath);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, url: `http://127.0.0.1:${port}`, stop, pid: child.pid!, exited, output: () => tail };
}

/** Every load comes from one address (127.0.0.1): the per-address rate limits are lifted for benches. */
export const unlimited = {
  RATE_LIMIT_SIGN_IN: '1000000000', RATE_LIMIT_SIGN_UP: '1000000000', RATE_LIMIT_ACCOUNTS: '1000000000', RATE_LIMIT_CLAIMS: '1000000000', RATE_LIMIT_SCANS: '1000000000',
};

/**
 * The real server on `databaseUrl`, quiet and on loopback; BENCH_SERVER_NODE_ARGS adds node flags (e.g. --cpu-prof).
 * Several processes of one installation share `shared` (TG_SECRET, PUBLIC_URL), as behind a load balancer.
 */
export function startRealServer(databaseUrl: string, shared?: { secret: string; publicUrl: string }): Promise<Server> {
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const env = (port: number) => ({
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: shared?.publicUrl ?? `http://127.0.0.1:${port}`,
    DATABASE_URL: databaseUrl,
    TG_DEMO: '0',
    LOG_LEVEL: 'warn',
    TG_SECRET: shared?.secret ?? randomBytes(32).toString('hex'),
    ...unlimited,
  });
  return startServer('packages/server/src/main.ts', env, '/api/v1/health', nodeArgs);
}
