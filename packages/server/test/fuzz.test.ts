import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { dialects } from './support/dialects.ts';
import { bearer, publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { bodyFor, oddText, validValue } from './support/fuzz-arbitraries.ts';
import { fillPath, routesOf, type Route } from './support/openapi-routes.ts';
import { buyTickets } from './support/purchases.ts';
import { TestWallet } from './support/wallet.ts';

/** 10,000 requests per run of the suite, shared among the dialects. */
const requestsPerDialect = Number(process.env.FUZZ_RUNS ?? Math.ceil(10_000 / dialects.length));

/** Routes left out of the OpenAPI document (HTML pages), fuzzed all the same. */
const hiddenRoutes: Route[] = [
  { method: 'GET', path: '/sandbox/checkout/{orderId}', pathParams: ['orderId'], query: { token: { type: 'string', maxLength: 100 } }, wallet: false },
  {
    method: 'POST', path: '/sandbox/checkout/{orderId}', pathParams: ['orderId'], query: {}, wallet: false,
    body: { type: 'object', required: ['token', 'outcome'], properties: { token: { type: 'string' }, outcome: { enum: ['paid', 'failed'] } } },
  },
];

const authKinds = ['none', 'organizer', 'gate', 'junk-bearer', 'dpop', 'dpop-for-another-route', 'junk-dpop', 'dpop-without-account'] as const;
type AuthKind = (typeof authKinds)[number];

/** URL encoding that survives lone surrogates: those go out as the bytes of invalid UTF-8, which is a fair test too. */
const encode = (text: string) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
};

/** The error shape of API.md, exactly. */
function errorShapeProblem(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `not JSON: ${body.slice(0, 80)}`;
  }
  const error = (parsed as { error?: { code?: unknown; message?: unknown } }).error;
  if (!error || Object.keys(parsed as object).length !== 1) return `not {error: ...}: ${body.slice(0, 120)}`;
  if (typeof error.code !== 'string' || !/^[a-z][a-z0-9_]*$/.test(error.code)) return `code is not snake_case: ${body.slice(0, 120)}`;
  if (typeof error.message !== 'string' || error.message.trim() === '') return `no message: ${body.slice(0, 120)}`;
  return undefined;
}

describe.each(dialects)('fuzzing every route on $name', (dialect) => {
  let server: TestServer;
  let routes: Route[];
  let ids: string[];
  let organizerToken: string;
  let gateToken: string;
  let wallet: TestWallet;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const organizer = await signUp(server.app);
    organizerToken = organizer.token;
    const event = await publishedEvent(server.app, organizerToken, { capacity: 1000 });
    wallet = await TestWallet.withAccount(server.app, server.clock);
    const tickets = await buyTickets(wallet, event, 2);
    gateToken = (await server.app.inject({ method: 'POST', url: `/api/v1/events/${event.eventId}/gate-devices`, headers: bearer(organizerToken), payload: { name: 'n' } })).json().token;
    ids = [organizer.organizerId, event.eventId, event.ticketTypeId, wallet.accountId, ...tickets.map((t) => t.id)];
    routes = [...(await routesOf(server.app)), ...hiddenRoutes];
  });
  afterAll(() => server.stop());

  async function headersFor(auth: AuthKind, method: string, url: string, route: Route): Promise<Record<string, string>> {
    switch (auth) {
      case 'none':
        return {};
      case 'organizer':
        return bearer(organizerToken);
      case 'gate':
        return bearer(gateToken);
      case 'junk-bearer':
        return { authorization: 'Bearer tgo_0000000000000000000000000000' };
      case 'junk-dpop':
        return { dpop: 'eyJhbGciOiJub25lIn0.e30.' };
      case 'dpop-for-another-route':
        return { dpop: await wallet.proof(method, '/api/v1/me/tickets') };
      case 'dpop-without-account':
        // A new key each time: a generated POST /api/v1/accounts may have given the last one an account.
        return { dpop: await (await TestWallet.create(server.app, server.clock)).proof(method, url) };
      case 'dpop': {
        // An open inbox stream never ends, and erasing the fixture's account would leave nothing to fuzz.
        if (route.path === '/api/v1/me/inbox/stream') return headersFor('dpop-without-account', method, url, route);
        const who = route.method === 'DELETE' && route.path === '/api/v1/me' ? await TestWallet.withAccount(server.app, server.clock) : wallet;
        return { dpop: await who.proof(method, url) };
      }
    }
  }

  it(`answers ${requestsPerDialect} generated requests without a 500, each error in the shape of API.md`, async () => {
    const failures = new Map<string, string>();
    let sent = 0;
    // Each route's own arbitraries, made once: bodies and query values follow its schema, then get broken.
    const perRoute = routes.map((route) =>
      fc.record({
        route: fc.constant(route),
        body: bodyFor(route.body, ids),
        routeQuery: fc.record(Object.fromEntries(Object.entries(route.query).map(([name, schema]) => [name, validValue(schema, ids).map(String)])), { requiredKeys: [] }),
      }),
    );
    const request = fc.record({
      target: fc.oneof(...perRoute),
      pathValues: fc.array(fc.oneof(fc.constantFrom(...ids), fc.uuid(), oddText), { minLength: 3, maxLength: 3 }),
      query: fc.dictionary(fc.constantFrom('since', 'eventId', 'lang', 'token', 'dpop', 'x'), fc.oneof(oddText, fc.uuid(), fc.constant('1')), { maxKeys: 2 }),
      auth: fc.constantFrom(...authKinds),
      contentType: fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded'),
    });

    await fc.assert(
      fc.asyncProperty(request, async ({ target: { route, body, routeQuery }, pathValues, query, auth, contentType }) => {
        const queryValues = Object.entries(routeQuery);
        const path = fillPath(route, (name) => encode(pathValues[route.pathParams.indexOf(name)] ?? ''));
        const search = [...queryValues, ...Object.entries(query)].map(([k, v]) => `${encode(k!)}=${encode(v!)}`).join('&');
        const url = search ? `${path}?${search}` : path;
        const headers = await headersFor(auth, route.method, path, route);
        const options: InjectOptions = { method: route.method, url, headers };
        if (body !== undefined) {
          options.headers = { ...headers, 'content-type': contentType };
          options.payload = contentType === 'application/json' ? JSON.stringify(body) : String(typeof body === 'string' ? body : JSON.stringify(body));
        }
        const res = await Promise.race([server.app.inject(options), new Promise<undefined>((r) => setTimeout(r, 5_000))]);
        if (!res) {
          failures.set(`${route.method} ${route.path} (${auth}) hung`, `no answer in 5 s\n    request: ${url.slice(0, 200)} ${String(options.payload ?? '').slice(0, 300)}`);
          return;
        }

        sent += 1;
        const problem = res.statusCode >= 500 ? `status ${res.statusCode}: ${res.body.slice(0, 200)}` : res.statusCode >= 400 ? errorShapeProblem(res.body) : undefined;
        const key = `${route.method} ${route.path} (${auth})`;
        if (problem && !failures.has(key)) failures.set(key, `${problem}\n    request: ${url.slice(0, 200)} ${String(options.payload ?? '').slice(0, 300)}`);
      }),
      { numRuns: requestsPerDialect, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
    // Every distinct failure at once, each with a request that caused it.
    expect([...failures].map(([k, v]) => `${k}: ${v}`)).toEqual([]);
    expect(sent).toBe(requestsPerDialect);
    // The server still answers after the run: nothing crashed or wedged.
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
  }, 180_000);
});
