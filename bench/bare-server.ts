/**
 * The bare ceiling: Fastify 5 with one route and no auth that takes one seat by the same
 * conditional update as the real server, on the same database. Answers 201 or 409.
 * Env: PORT, DATABASE_URL (sqlite:<file> or postgres://...).
 */
import Fastify from 'fastify';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';

const port = Number(process.env.PORT);
const url = process.env.DATABASE_URL ?? '';
const take = 'UPDATE ticket_types SET taken = taken + 1 WHERE id = $1 AND taken + 1 <= capacity';

let takeSeat: (ticketTypeId: string) => Promise<boolean>;
let close: () => Promise<void>;
if (url.startsWith('sqlite:')) {
  const db = new SqliteDatabase(url.slice('sqlite:'.length));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 10000');
  const statement = db.prepare(take.replace('$1', '?'));
  takeSeat = async (id) => statement.run(id).changes > 0;
  close = async () => {
    db.close();
  };
} else {
  const pool = new pg.Pool({ connectionString: url, max: 20 });
  pool.on('error', () => {});
  takeSeat = async (id) => ((await pool.query(take, [id])).rowCount ?? 0) > 0;
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

await app.listen({ port, host: '127.0.0.1' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app
      .close()
      .then(close)
      .finally(() => process.exit(0));
  });
}
