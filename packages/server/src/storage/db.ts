import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import {
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  CompiledQuery,
  sql,
  type DatabaseConnection,
  type Driver,
} from 'kysely';
import { Migrator } from 'kysely';
import type { Database } from './schema.ts';
import { migrations } from './migrations/index.ts';
import { postgresNotifications, type Notifications } from './notifications.ts';

export type DialectName = 'sqlite' | 'postgres';

/**
 * What differs between SQLite and PostgreSQL, in one place. The rest of the code asks for a
 * capability by name and never branches on the dialect itself.
 */
export interface Storage {
  readonly dialect: DialectName;
  readonly db: Kysely<Database>;
  /** `SELECT ... FOR UPDATE` exists (PostgreSQL). SQLite needs none: its write transactions are serial. */
  readonly rowLocks: boolean;
  /** INSERT/UPDATE inside WITH (PostgreSQL): several writes in one atomic statement, one round trip. */
  readonly writableCte: boolean;
  /**
   * `FOR UPDATE SKIP LOCKED` exists (PostgreSQL): a queue hands each row to one taker, and takers
   * pass over rows another one holds instead of waiting. SQLite needs none: one writer at a time.
   */
  readonly skipLocked: boolean;
  /** Messages to every process on the same database (PostgreSQL); absent where there is only one process. */
  readonly notifications?: Notifications;
  isUniqueViolation(error: unknown): boolean;
  close(): Promise<void>;
}

export type StorageTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; schema?: string };

/**
 * Kysely opens SQLite transactions with a plain BEGIN, which takes the write lock only at the first
 * write: two processes could then both read, and one would fail at its write. BEGIN IMMEDIATE takes
 * the lock up front, so every check-then-write transaction is serial across processes.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly database: SqliteDatabase.Database) {
    super({ database });
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.database });
  }
}

/**
 * Kysely prepares every query anew; preparing costs more than running a small statement. The
 * server sends a few dozen distinct statements, so keeping them prepared is the cheapest speed-up
 * there is. Bounded, because IN lists of varying length make distinct SQL.
 */
function cacheStatements(database: SqliteDatabase.Database, max = 2000) {
  const prepare = database.prepare.bind(database);
  const statements = new Map<string, SqliteDatabase.Statement>();
  database.prepare = ((source: string) => {
    let statement = statements.get(source);
    if (!statement) {
      if (statements.size >= max) statements.delete(statements.keys().next().value!);
      statement = prepare(source);
      statements.set(source, statement);
    }
    return statement;
  }) as typeof database.prepare;
}

function openSqlite(path: string): Storage {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SqliteDatabase(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 10000');
  database.pragma('foreign_keys = ON');
  cacheStatements(database);
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(database) });
  return {
    dialect: 'sqlite',
    db,
    rowLocks: false,
    writableCte: false,
    skipLocked: false,
    isUniqueViolation: (error) =>
      typeof error === 'object' && error !== null && String((error as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT_'),
    close: () => db.destroy(),
  };
}

function openPostgres(url: string, schema?: string): Storage {
  const clientConfig = { connectionString: url, ...(schema ? { options: `-c search_path=${schema}` } : {}) };
  const pool = new pg.Pool({ ...clientConfig, max: 20 });
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    dialect: 'postgres',
    db,
    rowLocks: true,
    writableCte: true,
    skipLocked: true,
    notifications: postgresNotifications(pool, clientConfig),
    isUniqueViolation: (error) => typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505',
    close: () => db.destroy(),
  };
}

export function openStorage(target: StorageTarget): Storage {
  return target.kind === 'sqlite' ? openSqlite(target.path) : openPostgres(target.url, target.schema);
}

export async function migrateToLatest(storage: Storage): Promise<string[]> {
  // Kysely looks for its migration tables in every schema it can see; on PostgreSQL name ours, or
  // another schema's tables (another app, another test) would be taken for this one's.
  const schema =
    storage.dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(storage.db)).rows[0]?.schema : undefined;
  const migrator = new Migrator({
    db: storage.db,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
