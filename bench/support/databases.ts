/**
 * A fresh database for each run, always removed: a SQLite file in a temporary folder, or a PostgreSQL
 * database made with the admin URL. Leftovers of a killed run are removed by the next run.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { aborted, leftoverAgeMs, onCleanup } from './process.ts';

export type Database = 'sqlite' | 'postgres';

/** `name` tells the benches' leftovers apart: folders tg-<name>-bench-*, databases tg_<name>_<ms>. */
async function withSqlite<T>(name: string, work: (url: string) => Promise<T>): Promise<T> {
  const prefix = `tg-${name}-bench-`;
  for (const entry of readdirSync(tmpdir())) {
    if (!entry.startsWith(prefix)) continue;
    const old = join(tmpdir(), entry);
    if (Date.now() - statSync(old).mtimeMs > leftoverAgeMs()) rmSync(old, { recursive: true, force: true });
  }
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const removeNow = () => rmSync(dir, { recursive: true, force: true });
  const remove = onCleanup(removeNow, removeNow);
  try {
    return await work(`sqlite:${join(dir, `${name}.sqlite`)}`);
  } finally {
    await remove();
  }
}

/** A fresh PostgreSQL database made with the admin URL for `work`, dropped after it. */
export async function withPostgres<T>(adminUrl: string, name: string, work: (url: string) => Promise<T>): Promise<T> {
  const prefix = `tg_${name}_`;
  const database = `${prefix}${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const stale = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname ~ '^${prefix}[0-9]+$'`);
  for (const { datname } of stale.rows) {
    if (Date.now() - Number(datname.slice(prefix.length)) > leftoverAgeMs()) {
      console.log(`  dropping ${datname}, left over by a killed run`);
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
  }
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } catch (error) {
    await admin.end();
    throw error;
  }
  const drop = onCleanup(async () => {
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  });
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  try {
    // Diagnostics only: have PostgreSQL log the statements on this database that take at least this long.
    const logMs = process.env.BENCH_PG_LOG_MIN_DURATION;
    if (logMs && /^\d+$/.test(logMs)) await admin.query(`ALTER DATABASE ${database} SET log_min_duration_statement = ${logMs}`);
    return await work(url.toString());
  } finally {
    await drop();
  }
}

/**
 * Runs `bench` on SQLite, then PostgreSQL (BENCH_ONLY=sqlite|postgres picks one; BENCH_DATABASE_URL is
 * the admin URL). A database that fails becomes a line in `failures`, and the other one still runs.
 */
export async function eachDatabase<F>(name: string, bench: (database: Database, url: string) => Promise<F>) {
  const only = process.env.BENCH_ONLY;
  const adminUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const figures: F[] = [];
  const failures: string[] = [];
  const attempt = async (database: Database, title: string, run: () => Promise<F>) => {
    if (aborted()) return;
    try {
      console.log(`${title}...`);
      figures.push(await run());
    } catch (error) {
      failures.push(`${database}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  if (only !== 'postgres') await attempt('sqlite', 'SQLite', () => withSqlite(name, (url) => bench('sqlite', url)));
  if (only !== 'sqlite') await attempt('postgres', 'PostgreSQL', () => withPostgres(adminUrl, name, (url) => bench('postgres', url)));
  // After Ctrl-C nothing is printed or recorded: the clean-up in process.ts ends the process.
  if (aborted()) await new Promise(() => {});
  return { figures, failures };
}
