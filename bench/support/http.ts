/** HTTP to the bench servers on 127.0.0.1, over one keep-alive agent. */
import http from 'node:http';

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  /** JSON text. */
  body?: string;
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** From sending the request to its last byte. */
  ms: number;
}

// As many sockets as the on-sale load has connections, so that none of its workers waits for a socket.
const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });

/** Fails on a network error or after `timeoutMs`; any HTTP status is an answer. */
export function request(port: number, spec: RequestSpec, timeoutMs = 60_000): Promise<Answer> {
  return new Promise((done, fail) => {
    const headers: Record<string, string | number> = { ...spec.headers };
    if (spec.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(spec.body);
    }
    const t0 = performance.now();
    const req = http.request({ host: '127.0.0.1', port, method: spec.method, path: spec.path, headers, agent, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - t0 }));
      res.on('error', fail);
    });
    req.on('timeout', () => req.destroy(new Error(`${spec.method} ${spec.path}: timeout after ${timeoutMs} ms`)));
    req.on('error', fail);
    if (spec.body !== undefined) req.write(spec.body);
    req.end();
  });
}

/** A set-up call: sends `body` as JSON, demands the `expected` status and returns the parsed answer. */
export async function api<T = Record<string, unknown>>(port: number, method: RequestSpec['method'], path: string, expected: number, headers: Record<string, string> = {}, body?: unknown): Promise<T> {
  const answer = await request(port, { method, path, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (answer.status !== expected) throw new Error(`${method} ${path}: expected ${expected}, got ${answer.status} ${answer.body.toString('utf8').slice(0, 300)}`);
  return JSON.parse(answer.body.toString('utf8')) as T;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
