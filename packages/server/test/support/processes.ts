import { createHash, randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { newHolder, dpopProof, type Holder } from '../../../../bench/dpop.ts';
import { api, bearer, request, type RequestSpec } from '../../../../bench/support/http.ts';
import { startServer, unlimited, type Server } from '../../../../bench/support/process.ts';

/**
 * Real server processes on one PostgreSQL, as in production behind a load balancer. PostgreSQL
 * only (several processes on SQLite is not a supported set-up). Without TEST_DATABASE_URL the
 * suites using this are skipped locally; in CI its absence fails the run, as in dialects.ts.
 */
export function postgresUrl() {
  const url = process.env.TEST_DATABASE_URL;
  if (!url && process.env.CI === 'true') throw new Error('CI=true but TEST_DATABASE_URL is not set: the multi-process suites must run in CI');
  return url;
}

/** The URL every process is told it is reached at; DPoP proofs name it, whichever process gets them. */
export const sharedPublicUrl = 'http://tickets.test';

/** A fresh schema on the test database, and a DATABASE_URL that puts every connection in it. */
export async function freshSchema(adminUrl: string) {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(adminUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const inSchema = new pg.Client({ connectionString: url.toString() });
  await inSchema.connect();
  return {
    url: url.toString(),
    /** Reads the schema directly, for checks no client of the API can make (rows counted, jobs run). */
    query: async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []) => (await inSchema.query<R>(text, values)).rows,
    async drop() {
      await inSchema.end();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

/** A server process on `databaseUrl` with the given extra settings; limits are lifted (one test address makes thousands of accounts). */
export function serverProcess(databaseUrl: string, secret: string, env: Record<string, string> = {}): Promise<Server> {
  return startServer(
    'packages/server/src/main.ts',
    (port) => ({
      PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: sharedPublicUrl, DATABASE_URL: databaseUrl, TG_SECRET: secret, TG_DEMO: '0', LOG_LEVEL: 'warn',
      ...unlimited,
      ...env,
    }),
    '/api/v1/health',
  );
}

/** A phone over real HTTP: proofs made for the shared public URL, sent to whichever process is given. */
export class ProcessWallet {
  readonly holder: Holder = newHolder();
  accountId = '';

  proof(method: string, path: string) {
    return dpopProof(this.holder, method, sharedPublicUrl + path.split('?')[0]);
  }

  send(server: Server, method: RequestSpec['method'], path: string, body?: unknown, proof = this.proof(method, path)) {
    return request(server.port, { method, path, headers: { dpop: proof }, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  /** The public JWK in the proof header, as the server stores it. */
  get jwk() {
    return (JSON.parse(Buffer.from(this.holder.headerB64, 'base64url').toString()) as { jwk: { kty: string; crv: string; x: string; y: string } }).jwk;
  }

  /** RFC 7638: SHA-256 over the required members in lexical order. */
  get thumbprint() {
    const { crv, kty, x, y } = this.jwk;
    return createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest('base64url');
  }

  async register(server: Server) {
    const { accountId } = await api<{ accountId: string }>(server.port, 'POST', '/api/v1/accounts', 201, { dpop: this.proof('POST', '/api/v1/accounts') }, {});
    this.accountId = accountId;
    return this;
  }
}

/**
 * Accounts for many phones at once, written straight into the schema: a set-up, not what is tested
 * (POST /api/v1/accounts is, once per test file), and thousands of sign-ups over HTTP cost minutes on
 * a busy machine. The rows are what POST /api/v1/accounts writes.
 */
export async function insertAccounts(query: (text: string, values: unknown[]) => Promise<unknown>, wallets: ProcessWallet[]) {
  const now = new Date().toISOString();
  for (let i = 0; i < wallets.length; i += 500) {
    const chunk = wallets.slice(i, i + 500);
    for (const w of chunk) w.accountId = randomUUID();
    await query(`INSERT INTO accounts (id, created_at) SELECT unnest($1::text[]), $2`, [chunk.map((w) => w.accountId), now]);
    await query(`INSERT INTO holder_keys (thumbprint, account_id, jwk, active, created_at) SELECT unnest($1::text[]), unnest($2::text[]), unnest($3::text[]), 1, $4`, [
      chunk.map((w) => w.thumbprint), chunk.map((w) => w.accountId), chunk.map((w) => JSON.stringify(w.jwk)), now,
    ]);
  }
  return wallets;
}

/** Runs `work` for each item with at most `width` at a time, like that many browsers. */
export async function inParallel<T, R>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!, i);
      }
    }),
  );
  return results;
}

/** An organizer with an event on sale of one ticket type, made through `server`. */
export async function eventOnSale(server: Server, capacity: number) {
  const { token } = await api<{ token: string }>(server.port, 'POST', '/api/v1/organizers', 201, {}, {
    name: 'Scale', email: `scale-${randomBytes(4).toString('hex')}@example.org`, password: 'correct horse battery',
  });
  const startsAt = new Date(Date.now() + 7 * 86_400_000);
  const event = await api<{ id: string }>(server.port, 'POST', '/api/v1/events', 201, bearer(token), {
    name: 'Scale Night', venue: 'Ziggo Dome', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 4 * 3_600_000).toISOString(),
  });
  const type = await api<{ id: string }>(server.port, 'POST', `/api/v1/events/${event.id}/ticket-types`, 201, bearer(token), {
    name: 'Floor', priceCents: 4500, currency: 'EUR', capacity,
  });
  await api(server.port, 'POST', `/api/v1/events/${event.id}/publish`, 200, bearer(token));
  return { token, eventId: event.id, ticketTypeId: type.id };
}
