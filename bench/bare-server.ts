/**
 * The bare ceiling: Fastify 5 with routes and no auth doing only the database work of the real one,
 * on the same database: `POST /api/v1/orders` takes one seat by the same conditional update as the
 * real server (201 or 409); `POST /api/v1/queue` inserts a place in a waiting room, as a join does
 * (201); `GET /api/v1/queue/:eventId/:accountId` reads a place.
 * Env: PORT, DATABASE_URL (sqlite:<file> or postgres://...).
 */
import Fastify from 'fastify';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';

const port = Number(process.env.PORT);
const url = process.env.DATABASE_URL ?? '';
const take = 'UPDATE ticket_types SET taken = taken + 1 WHERE id = $1 AND taken + 1 <= capacity';

const place = 'INSERT INTO queue_entries (event_id, account_id, joined_at) VALUES ($1, $2, $3)';
const read = 'SELECT position, admitted_at FROM queue_entries WHERE event_id = $1 AND account_id = $2';

let takeSeat: (ticketTypeId: string) => Promise<boolean>;
let join: (eventId: string, accountId: string) => Promise<void>;
let placeOf: (eventId: string, accountId: string) => Promise<unknown>;
let close: () => Promise<void>;
if (url.startsWith('sqlite:')) {
  const db = new SqliteDatabase(url.slice('sqlite:'.length));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 10000');
  const statement = db.prepare(take.replace('$1', '?'));
  takeSeat = async (id) => statement.run(id).changes > 0;
  const insert = db.prepare(place.replace('$1', '?').replace('$2', '?').replace('$3', '?'));
  join = async (eventId, accountId) => void insert.run(eventId, accountId, new Date().toISOString());
  const entry = db.prepare(read.replace('$1', '?').replace('$2', '?'));
  placeOf = async (eventId, accountId) => entry.get(eventId, accountId);
  close = async () => {
    db.close();
  };
} else {
  const pool = new pg.Pool({ connectionString: url, max: 20 });
  pool.on('error', () => {});
  takeSeat = async (id) => ((await pool.query(take, [id])).rowCount ?? 0) > 0;
  join = async (eventId, accountId) => void (await pool.query(place, [eventId, accountId, new Date().toISOString()]));
  placeOf = async (eventId, accountId) => (await pool.query(read, [eventId, accountId])).rows[0];
  close = () => pool.end();
}

interface Body {
  eventId: string;
  items: { ticketTypeId: string; quantity: number }[];
}

const app = Fastify({ logger: false });
app.post<{ Body: Body }>('/api/v1/orders', async (request, reply) => {
  const id = request.body?.items?.[0]?.ticketTypeId;
  if (typeof id !== 'string') return reply.status(400).send({ error: { code: 'invalid_request' } });
  if (await takeSeat(id)) return reply.status(201).send({ status: 'pending' });
  return reply.status(409).send({ error: { code: 'sold_out' } });
});

app.post<{ Body: { eventId: string; accountId: string } }>('/api/v1/queue', async (request, reply) => {
  await join(request.body.eventId, request.body.accountId);
  return reply.status(201).send({ state: 'waiting' });
});
app.get<{ Params: { eventId: string; accountId: string } }>('/api/v1/queue/:eventId/:accountId', async (request) => placeOf(request.params.eventId, request.params.accountId));

await app.listen({ port, host: '127.0.0.1' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app
      .close()
      .then(close)
      .finally(() => process.exit(0));
  });
}
