/**
 * Seeds a pack event with many ticket rows straight into the database of a running server, for the
 * gate pack figures of bench/gate.ts: building 100,000 tickets through the API would take minutes.
 * Rows are shaped as the server makes them (packages/server/src/storage/schema.ts, migrations
 * 0001-0004): one account, one paid order with its item, the tickets, and a few check-ins and
 * revocations so the pack carries every row shape of PROTOCOL.md section 5.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { breathe } from './support/process.ts';

export interface SeedInput {
  /** `sqlite:<file>` or `postgres://...`, the server's DATABASE_URL. */
  databaseUrl: string;
  eventId: string;
  ticketTypeId: string;
  /** A gate device of the event, for the check-in rows. */
  gateDeviceId: string;
  tickets: number;
  checkedIn: number;
  revoked: number;
}

export interface SeedResult {
  tickets: number;
  checkedIn: number;
  revoked: number;
  /** The event's pack version after the seed: the cursor a full pack reports. */
  packVersion: number;
  ms: number;
}

const TICKET_COLUMNS = [
  'id', 'event_id', 'ticket_type_id', 'order_id', 'account_id', 'state', 'seq', 'claimable', 'credential',
  'pack_version', 'created_at', 'updated_at',
] as const;
const CHECK_IN_COLUMNS = ['ticket_id', 'event_id', 'scanned_at', 'gate', 'gate_device_id', 'scan_id'] as const;

type Row = (string | number | null)[];

interface Plan {
  accountRow: Row;
  orderRow: Row;
  itemRow: Row;
  ticketRows: Row[];
  checkInRows: Row[];
}

async function plan(input: SeedInput, baseVersion: number): Promise<Plan> {
  const now = new Date().toISOString();
  const accountId = randomUUID();
  const orderId = randomUUID();
  const ticketRows: Row[] = [];
  const checkInRows: Row[] = [];
  const doorsOpen = Date.now() - 3_600_000;
  for (let i = 0; i < input.tickets; i += 1) {
    const id = randomUUID();
    const checkedIn = i < input.checkedIn;
    const revoked = !checkedIn && i < input.checkedIn + input.revoked;
    const state = checkedIn ? 'checked_in' : revoked ? 'revoked' : 'valid';
    // A realistic row size: a credential-sized text, as the server stores on every issued ticket.
    const credential = randomBytes(126).toString('base64url');
    const seq = i % 50 === 0 ? 2 : 1; // a few rebound tickets
    ticketRows.push([id, input.eventId, input.ticketTypeId, orderId, accountId, state, seq, 1, credential,
      checkedIn || revoked ? baseVersion + 2 : baseVersion + 1, now, now]);
    if (checkedIn) {
      checkInRows.push([id, input.eventId, new Date(doorsOpen + i * 1000).toISOString(), i % 2 ? 'north' : 'south', input.gateDeviceId, randomUUID()]);
    }
    if (i % 2_000 === 1_999) await breathe();
  }
  return {
    accountRow: [accountId, now],
    orderRow: [orderId, accountId, input.eventId, 'paid', input.tickets * 5000, 'EUR', 'sandbox', now, now, now],
    itemRow: [orderId, input.ticketTypeId, input.tickets, 5000],
    ticketRows,
    checkInRows,
  };
}

const ORDER_SQL_COLUMNS = '(id, account_id, event_id, status, total_cents, currency, provider, created_at, expires_at, settled_at)';

async function seedSqlite(path: string, input: SeedInput): Promise<number> {
  const db = new SqliteDatabase(path);
  try {
    db.pragma('busy_timeout = 10000');
    db.pragma('foreign_keys = ON');
    const base = (db.prepare('SELECT pack_version FROM events WHERE id = ?').get(input.eventId) as { pack_version: number } | undefined)?.pack_version;
    if (base === undefined) throw new Error(`seed: event ${input.eventId} not found`);
    const p = await plan(input, base);
    const chunk = 500; // 12 x 500 parameters, far below SQLite's limit
    const values = (columns: number, rows: number) => Array.from({ length: rows }, () => `(${Array(columns).fill('?').join(',')})`).join(',');
    // One write transaction, taken up front as the server takes its own; chunks pause between them.
    db.exec('BEGIN IMMEDIATE');
    try {
      db.prepare('INSERT INTO accounts (id, created_at) VALUES (?, ?)').run(...p.accountRow);
      db.prepare(`INSERT INTO orders ${ORDER_SQL_COLUMNS} VALUES (${Array(10).fill('?').join(',')})`).run(...p.orderRow);
      db.prepare('INSERT INTO order_items (order_id, ticket_type_id, quantity, unit_price_cents) VALUES (?, ?, ?, ?)').run(...p.itemRow);
      const full = db.prepare(`INSERT INTO tickets (${TICKET_COLUMNS.join(',')}) VALUES ${values(TICKET_COLUMNS.length, chunk)}`);
      for (let i = 0; i < p.ticketRows.length; i += chunk) {
        const rows = p.ticketRows.slice(i, i + chunk);
        const statement = rows.length === chunk ? full : db.prepare(`INSERT INTO tickets (${TICKET_COLUMNS.join(',')}) VALUES ${values(TICKET_COLUMNS.length, rows.length)}`);
        statement.run(...rows.flat());
        await breathe();
      }
      for (let i = 0; i < p.checkInRows.length; i += chunk) {
        const rows = p.checkInRows.slice(i, i + chunk);
        db.prepare(`INSERT INTO check_ins (${CHECK_IN_COLUMNS.join(',')}) VALUES ${values(CHECK_IN_COLUMNS.length, rows.length)}`).run(...rows.flat());
      }
      db.prepare('UPDATE ticket_types SET taken = ? WHERE id = ?').run(input.tickets, input.ticketTypeId);
      db.prepare('UPDATE events SET pack_version = ? WHERE id = ?').run(base + 2, input.eventId);
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
    return base + 2;
  } finally {
    db.close();
  }
}

async function seedPostgres(url: string, input: SeedInput): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    try {
      const found = await client.query<{ pack_version: number }>('SELECT pack_version FROM events WHERE id = $1 FOR UPDATE', [input.eventId]);
      const base = found.rows[0]?.pack_version;
      if (base === undefined) throw new Error(`seed: event ${input.eventId} not found`);
      const p = await plan(input, Number(base));
      const placeholders = (columns: number, rows: number) =>
        Array.from({ length: rows }, (_, r) => `(${Array.from({ length: columns }, (_, c) => `$${r * columns + c + 1}`).join(',')})`).join(',');
      await client.query('INSERT INTO accounts (id, created_at) VALUES ($1, $2)', p.accountRow);
      await client.query(`INSERT INTO orders ${ORDER_SQL_COLUMNS} VALUES (${placeholders(10, 1).slice(1, -1)})`, p.orderRow);
      await client.query('INSERT INTO order_items (order_id, ticket_type_id, quantity, unit_price_cents) VALUES ($1, $2, $3, $4)', p.itemRow);
      const chunk = 1000; // 12 x 1000 parameters, below PostgreSQL's 65,535
      for (let i = 0; i < p.ticketRows.length; i += chunk) {
        const rows = p.ticketRows.slice(i, i + chunk);
        await client.query(`INSERT INTO tickets (${TICKET_COLUMNS.join(',')}) VALUES ${placeholders(TICKET_COLUMNS.length, rows.length)}`, rows.flat());
      }
      for (let i = 0; i < p.checkInRows.length; i += chunk) {
        const rows = p.checkInRows.slice(i, i + chunk);
        await client.query(`INSERT INTO check_ins (${CHECK_IN_COLUMNS.join(',')}) VALUES ${placeholders(CHECK_IN_COLUMNS.length, rows.length)}`, rows.flat());
      }
      await client.query('UPDATE ticket_types SET taken = $1 WHERE id = $2', [input.tickets, input.ticketTypeId]);
      await client.query('UPDATE events SET pack_version = $1 WHERE id = $2', [Number(base) + 2, input.eventId]);
      await client.query('COMMIT');
      return Number(base) + 2;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  } finally {
    await client.end();
  }
}

export async function seedPackEvent(input: SeedInput): Promise<SeedResult> {
  const t0 = performance.now();
  const packVersion = input.databaseUrl.startsWith('sqlite:')
    ? await seedSqlite(input.databaseUrl.slice('sqlite:'.length), input)
    : await seedPostgres(input.databaseUrl, input);
  // Fresh planner statistics, as autovacuum/ANALYZE would have them on a server that sold these tickets.
  if (!input.databaseUrl.startsWith('sqlite:')) {
    const client = new pg.Client({ connectionString: input.databaseUrl });
    await client.connect();
    try {
      await client.query('ANALYZE tickets');
      await client.query('ANALYZE check_ins');
    } finally {
      await client.end();
    }
  }
  return { tickets: input.tickets, checkedIn: input.checkedIn, revoked: input.revoked, packVersion, ms: performance.now() - t0 };
}
