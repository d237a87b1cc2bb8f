import type { FastifyInstance } from 'fastify';
import { sandboxPayments, type Config } from '../../src/config.ts';
import { createServer } from '../../src/server.ts';
import { openStorage } from '../../src/storage/db.ts';
import { testClock } from './clock.ts';
import type { TestDialect } from './dialects.ts';
import { publicUrl } from './wallet.ts';

export const testConfig = (overrides: Partial<Config> = {}): Config => ({
  port: 0,
  host: '127.0.0.1',
  publicUrl,
  alsoServedAt: [],
  logFormat: 'json',
  database: { kind: 'sqlite', path: ':memory:' },
  orderHoldSeconds: 600,
  retentionDays: 180,
  demo: false,
  trustProxy: false,
  // Tests make hundreds of accounts and sign-ins from one address; rate-limits.test.ts sets its own.
  rateLimits: { signIn: 100_000, signUp: 100_000, accounts: 100_000, claims: 100_000, scans: 100_000 },
  secret: 'test-secret-test-secret-test-secret-0123456789',
  outboundToPrivateAddresses: false,
  payments: { ...sandboxPayments, timeoutMs: 2000 },
  ...overrides,
});

/** A server on a fresh database of the dialect, with a hand-moved clock and no background jobs. */
export async function startTestServer(dialect: TestDialect, overrides: Partial<Config> = {}) {
  const db = await dialect.open();
  const clock = testClock();
  const server = await createServer({ config: testConfig(overrides), storage: db.storage, clock, jobs: false });
  return {
    ...server,
    clock,
    db,
    /** Another server process on the same database (its own connection, same clock). */
    async sibling() {
      const storage = openStorage(db.target);
      const other = await createServer({ config: testConfig(overrides), storage, clock, jobs: false });
      return { ...other, stop: async () => (await other.close(), await storage.close()) };
    },
    async stop() {
      await server.close();
      await db.drop();
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

let emailCounter = 0;

export async function signUp(app: FastifyInstance, name = 'Paradiso') {
  emailCounter += 1;
  const email = `owner${emailCounter}-${Date.now()}@example.org`;
  const res = await app.inject({ method: 'POST', url: '/api/v1/organizers', payload: { name, email, password: 'correct horse battery' } });
  if (res.statusCode !== 201) throw new Error(`sign-up failed: ${res.statusCode} ${res.body}`);
  const body = res.json();
  return { organizerId: body.organizer.id as string, token: body.token as string, email };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A request as the signed-in organizer with this token, through app.inject. */
export const organizerRequest =
  (app: () => FastifyInstance, token: () => string) => (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object, as = token()) =>
    app().inject({ method, url, headers: bearer(as), ...(payload ? { payload } : {}) });

/** An event on sale with one ticket type; returns the ids a test needs. */
export async function publishedEvent(
  app: FastifyInstance,
  token: string,
  options: { capacity?: number; priceCents?: number; maxTicketsPerAccount?: number } = {},
) {
  const startsAt = new Date(Date.now() + 7 * 24 * 3600 * 1000);
  const event = await app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: bearer(token),
    payload: {
      name: 'Night of Tests',
      venue: 'Melkweg',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 4 * 3600 * 1000).toISOString(),
      ...(options.maxTicketsPerAccount ? { maxTicketsPerAccount: options.maxTicketsPerAccount } : {}),
    },
  });
  if (event.statusCode !== 201) throw new Error(`event failed: ${event.statusCode} ${event.body}`);
  const eventId = event.json().id as string;
  const type = await app.inject({
    method: 'POST',
    url: `/api/v1/events/${eventId}/ticket-types`,
    headers: bearer(token),
    payload: { name: 'Standing', priceCents: options.priceCents ?? 3500, currency: 'EUR', capacity: options.capacity ?? 100 },
  });
  if (type.statusCode !== 201) throw new Error(`ticket type failed: ${type.statusCode} ${type.body}`);
  const publish = await app.inject({ method: 'POST', url: `/api/v1/events/${eventId}/publish`, headers: bearer(token) });
  if (publish.statusCode !== 200) throw new Error(`publish failed: ${publish.statusCode} ${publish.body}`);
  return { eventId, ticketTypeId: type.json().id as string };
}
