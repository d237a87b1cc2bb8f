/**
 * Seeds a pack event with many ticket rows straight into the database of a running server, for the
 * gate pack figures of bench/gate.ts: building 100,000 tickets through the API would take minutes.
 * Rows are shaped as the server makes them (packages/server/src/storage/schema.ts, migrations
 * 0001-0016): one account, one paid order with its items, the tickets (every tenth an add-on), and
 * check-ins on the event's default list (some inside, some left through an exit) and revocations, so
 * the pack carries every row shape of PROTOCOL.md section 5.
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
  /** An add-on of the event: every tenth ticket is one. */
  addonTypeId: string;
  /** A gate device of the event, for the check-in rows. */
  gateDeviceId: string;
  tickets: number;
  /** Inside now on the default list; as many again came in and left through an exit. */
  checkedIn: number;
  revoked: number;
}

export interface SeedResult {
  tickets: number;
  checkedIn: number;
  checkedOut: number;
  revoked: number;
  /** The event's pack version after the seed: the cursor a full pack reports. */
  packVersion: number;
  ms: number;
}

const TICKET_COLUMNS = [
  'id', 'event_id', 'ticket_type_id', 'order_id', 'account_id', 'state', 'seq', 'claimable', 'credential',
  'pack_version', 'created_at', 'updated_at',
] as const;
const CHECK_IN_COLUMNS = ['check_in_list_id', 'ticket_id', 'event_id', 'scanned_at', 'gate', 'gate_device_id', 'scan_id', 'inside', 'moved_at', 'moved_gate'] as const;

type Row = (string | number | null)[];

interface Plan {
  accountRow: Row;
  orderRow: Row;
  itemRows: Row[];
  ticketRows: Row[];
  checkInRows: Row[];
}

const addons = (input: SeedInput) => Math.floor(input.tickets / 10);

async function plan(input: SeedInput, baseVersion: number, listId: string): Promise<Plan> {
  const now = new Date().toISOString();
  const accountId = randomUUID();
  const orderId = randomUUID();
  const ticketRows: Row[] = [];
  const checkInRows: Row[] = [];
  const doorsOpen = Date.now() - 3_600_000;
  for (let i = 0; i < input.tickets; i += 1) {
    const id = randomUUID();
    const used = i < 2 * input.checkedIn;
    const checkedIn = used;
    const revoked = !used && i < 2 * input.checkedIn + input.revoked;
    const state = checkedIn ? 'checked_in' : revoked ? 'revoked' : 'valid';
    // A realistic row size: a credential-sized text, as the server stores on every issued ticket.
    const credential = randomBytes(126).toString('base64url');
    const seq = i % 50 === 0 ? 2 : 1; // a few rebound tickets
    const typeId = i % 10 === 9 ? input.addonTypeId : input.ticketTypeId;
    ticketRows.push([id, input.eventId, typeId, orderId, accountId, state, seq, 1, credential,
      checkedIn || revoked ? baseVersion + 2 : baseVersion + 1, now, now]);
    if (checkedIn) {
      const entered = new Date(doorsOpen + i * 1000).toISOString();
      const inside = i < input.checkedIn ? 1 : 0;
      const moved = inside ? entered : new Date(doorsOpen + i * 1000 + 600_000).toISOString();
      checkInRows.push([listId, id, input.eventId, entered, i % 2 ? 'north' : 'south', input.gateDeviceId, randomUUID(), inside, moved, inside ? (i % 2 ? 'north' : 'south') : 'exit']);
    }
    if (i % 2_000 === 1_999) await breathe();
  }
  return {
    accountRow: [accountId, now],
    orderRow: [orderId, accountId, input.eventId, 'paid', (input.tickets - addons(input)) * 5000 + addons(input) * 1000, 'EUR', 'sandbox', now, now, now],
    itemRows: [[orderId, input.ticketTypeId, input.tickets - addons(input), 5000], [orderId, input.addonTypeId, addons(input), 1000]],
    ticketRows,
    checkInRows,
  };
}

const DEFAULT_LIST_SQL = "SELECT id FROM check_in_lists WHERE event_id = $1 AND is_default = 1 AND mode = 'ticket'";

const ORDER_SQL_COLUMNS = '(id, account_id, event_id, status, total_cents, currency, provider, created_at, expires_at, settled_at)';

async function seedSqlite(path: string, input: SeedInput): Promise<number> {
  const db = new SqliteDatabase(path);
  try {
    db.pragma('busy_timeout = 10000');
    db.pragma('foreign_keys = ON');
    const base = (db.prepare('SELECT pack_version FROM events WHERE id = ?').get(input.eventId) as { pack_version: number } | undefined)?.pack_version;
    if (base === undefined) throw new Error(`seed: event ${input.eventId} not found`);
    const list = db.prepare(DEFAULT_LIST_SQL.replace('$1', '?')).get(input.eventId) as { id: string };
    const p = await plan(input, base, list.id);
    const chunk = 500; // 12 x 500 parameters, far below SQLite's limit
    const values = (columns: number, rows: number) => Array.from({ length: rows }, () => `(${Array(columns).fill('?').join(',')})`).join(',');
    // One write transaction, taken up front as the server takes its own; chunks pause between them.
    db.exec('BEGIN IMMEDIATE');
    try {
      db.prepare('INSERT INTO accounts (id, created_at) VALUES (?, ?)').run(...p.accountRow);
      db.prepare(`INSERT INTO orders ${ORDER_SQL_COLUMNS} VALUES (${Array(10).fill('?').join(',')})`).run(...p.orderRow);
      for (const item of p.itemRows) db.prepare('INSERT INTO order_items (order_id, ticket_type_id, quantity, unit_price_cents) VALUES (?, ?, ?, ?)').run(...item);
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
      db.prepare('UPDATE ticket_types SET taken = ? WHERE id = ?').run(input.tickets - addons(input), input.ticketTypeId);
      db.prepare('UPDATE ticket_types SET taken = ? WHERE id = ?').run(addons(input), input.addonTypeId);
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
      const list = await client.query<{ id: string }>(DEFAULT_LIST_SQL, [input.eventId]);
      const p = await plan(input, Number(base), list.rows[0]!.id);
      const placeholders = (columns: number, rows: number) =>
        Array.from({ length: rows }, (_, r) => `(${Array.from({ length: columns }, (_, c) => `$${r * columns + c + 1}`).join(',')})`).join(',');
      await client.query('INSERT INTO accounts (id, created_at) VALUES ($1, $2)', p.accountRow);
      await client.query(`INSERT INTO orders ${ORDER_SQL_COLUMNS} VALUES (${placeholders(10, 1).slice(1, -1)})`, p.orderRow);
      for (const item of p.itemRows) await client.query('INSERT INTO order_items (order_id, ticket_type_id, quantity, unit_price_cents) VALUES ($1, $2, $3, $4)', item);
      const chunk = 1000; // 12 x 1000 parameters, below PostgreSQL's 65,535
      for (let i = 0; i < p.ticketRows.length; i += chunk) {
        const rows = p.ticketRows.slice(i, i + chunk);
        await client.query(`INSERT INTO tickets (${TICKET_COLUMNS.join(',')}) VALUES ${placeholders(TICKET_COLUMNS.length, rows.length)}`, rows.flat());
      }
      for (let i = 0; i < p.checkInRows.length; i += chunk) {
        const rows = p.checkInRows.slice(i, i + chunk);
        await client.query(`INSERT INTO check_ins (${CHECK_IN_COLUMNS.join(',')}) VALUES ${placeholders(CHECK_IN_COLUMNS.length, rows.length)}`, rows.flat());
      }
      await client.query('UPDATE ticket_types SET taken = $1 WHERE id = $2', [input.tickets - addons(input), input.ticketTypeId]);
      await client.query('UPDATE ticket_types SET taken = $1 WHERE id = $2', [addons(input), input.addonTypeId]);
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
  return { tickets: input.tickets, checkedIn: input.checkedIn, checkedOut: input.checkedIn, revoked: input.revoked, packVersion, ms: performance.now() - t0 };
}
