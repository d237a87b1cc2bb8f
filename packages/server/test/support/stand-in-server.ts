import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';

/** One request as a stand-in saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface StandInAnswer {
  status: number;
  body?: unknown;
  /** For a hosted page: HTML, or a redirect. */
  html?: string;
  location?: string;
}

/**
 * What a payment provider's stand-in shares: a plain HTTP server on 127.0.0.1 that records every
 * request, answers the same Idempotency-Key with the first answer (as Mollie and Stripe do), and can
 * be told to be down (503) or to hang (answer only after `hangMs`, past any sane timeout) for the
 * next requests.
 */
export async function startStandIn(route: (request: SeenRequest, port: number) => StandInAnswer | Promise<StandInAnswer>) {
  const seen: SeenRequest[] = [];
  const answered = new Map<string, StandInAnswer>();
  const trouble = { down: 0, hang: 0, hangMs: 5_000, downForever: false };
  const send = (response: ServerResponse, answer: StandInAnswer) => {
    if (answer.location) return void response.writeHead(answer.status, { location: answer.location }).end();
    if (answer.html !== undefined) return void response.writeHead(answer.status, { 'content-type': 'text/html; charset=utf-8' }).end(answer.html);
    response.writeHead(answer.status, { 'content-type': 'application/json', 'request-id': `req_${randomBytes(6).toString('hex')}` }).end(JSON.stringify(answer.body ?? {}));
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', async () => {
      const seenRequest = { method: request.method ?? 'GET', path: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(seenRequest);
      if (trouble.downForever || trouble.down > 0) {
        trouble.down = Math.max(0, trouble.down - 1);
        return send(response, { status: 503, body: { status: 503, title: 'Service Unavailable', detail: 'stand-in is down' } });
      }
      const hang = trouble.hang > 0;
      if (hang) trouble.hang -= 1;
      const key = request.headers['idempotency-key'];
      const idempotent = typeof key === 'string' && seenRequest.method === 'POST' ? `${seenRequest.path} ${key}` : undefined;
      let answer = idempotent ? answered.get(idempotent) : undefined;
      if (!answer) {
        try {
          answer = await route(seenRequest, port);
        } catch (error) {
          answer = { status: 500, body: { error: String(error) } };
        }
        if (idempotent && answer.status < 500) answered.set(idempotent, answer);
      }
      // A hung provider did the work (the payment or refund exists) but its answer never arrives in time.
      if (hang) await new Promise((resolve) => setTimeout(resolve, trouble.hangMs));
      if (!response.destroyed) send(response, answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    seen,
    trouble,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

export const randomId = (prefix: string, length = 10) => `${prefix}${randomBytes(length).toString('base64url').replace(/[-_]/g, 'x').slice(0, length)}`;

/** `a=1&b[c]=2&d[0][e]=3` into nested objects and arrays, as Stripe's form encoding means it. */
export function parseStripeForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const path = name.split(/\[|\]\[|\]/).filter((part) => part !== '');
    let node: Record<string, unknown> = root;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value;
      else node = (node[part] ??= /^\d+$/.test(path[i + 1]!) ? [] : {}) as Record<string, unknown>;
    });
  }
  return root;
}

/** The HTML of a hosted checkout page with one button per outcome, for browser tests. */
export const checkoutPage = (title: string, amount: string, outcomes: string[]) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body><h1>${title}</h1><p>Amount: <strong>${amount}</strong></p>
<form method="post">${outcomes.map((o) => `<button name="outcome" value="${o}">${o}</button>`).join(' ')}</form></body></html>`;
