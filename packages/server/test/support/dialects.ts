import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStorage, type DialectName, type Storage } from '../../src/storage/db.ts';

export interface TestDialect {
  name: DialectName;
  /** A fresh, empty database of this dialect; `drop()` removes it. */
  open(): Promise<{ storage: Storage; target: Parameters<typeof openStorage>[0]; drop(): Promise<void> }>;
}

/** A test database on its storage; `drop()` closes it, then removes what `remove` names. */
function opened(target: Parameters<typeof openStorage>[0], remove: () => unknown) {
  const storage = openStorage(target);
  return {
    storage,
    target,
    async drop() {
      await storage.close();
      await remove();
    },
  };
}

const sqlite: TestDialect = {
  name: 'sqlite',
  async open() {
    const folder = mkdtempSync(join(tmpdir(), 'tg-test-'));
    return opened({ kind: 'sqlite', path: join(folder, 'test.sqlite') }, () => rmSync(folder, { recursive: true, force: true }));
  },
};

async function adminQuery(url: string, statement: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Each PostgreSQL test database is a schema of its own, so test files can run in parallel. */
function postgres(url: string): TestDialect {
  return {
    name: 'postgres',
    async open() {
      const schema = `t_${randomBytes(6).toString('hex')}`;
      await adminQuery(url, `CREATE SCHEMA ${schema}`);
      return opened({ kind: 'postgres', url, schema }, () => adminQuery(url, `DROP SCHEMA ${schema} CASCADE`));
    },
  };
}

/**
 * SQLite always; PostgreSQL when TEST_DATABASE_URL is set. In CI a missing PostgreSQL fails the run
 * instead of quietly testing one database.
 */
function selectDialects(): TestDialect[] {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    if (process.env.CI === 'true') throw new Error('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL suite must run in CI');
    return [sqlite];
  }
  return [sqlite, postgres(url)];
}

export const dialects = selectDialects();
