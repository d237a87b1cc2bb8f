import http from 'node:http';

/** One request of a load run: a path, extra headers and a JSON body. */
export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface Answer {
  status: number;
  body: string;
}

export interface LoadResult {
  /** Completed requests started inside the timed window, by HTTP status (0 = network error). */
  statuses: Map<number, number>;
  /** Error codes of 409 answers, e.g. sold_out. */
  conflictCodes: Map<string, number>;
  /** Timed-window requests answered 201 or 409 (served). */
  served: number;
  /** Served per second over the timed window. */
  rate: number;
  p50: number;
  p99: number;
  seconds: number;
  /** A few bodies of unexpected answers, for the report. */
  samples: string[];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });

export function destroyAgent() {
  agent.destroy();
}

/** One HTTP request to 127.0.0.1 over the shared keep-alive agent. */
export function send(port: number, spec: RequestSpec, timeoutMs = 30_000): Promise<Answer> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { ...spec.headers };
    if (spec.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(spec.body);
    }
    const req = http.request({ host: '127.0.0.1', port, method: spec.method, path: spec.path, headers, agent, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => resolve({ status: 0, body: String(e) }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: 0, body: String(e) }));
    if (spec.body !== undefined) req.write(spec.body);
    req.end();
  });
}

function percentile(sorted: Float64Array, p: number) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface LoadOptions {
  port: number;
  connections: number;
  warmupMs: number;
  durationMs: number;
  /** Hard cap on requests (warm-up included), so the loop is bounded in count as well as time. */
  maxRequests: number;
  /** Builds request number i (fresh DPoP proof etc.). */
  next: (i: number) => RequestSpec;
  /** Checked before each request: true ends the run early (Ctrl-C). */
  stop?: () => boolean;
}

/** A run ends early after this many network errors (server gone), instead of spinning. */
const maxNetworkErrors = 100;

/**
 * Closed-loop load: `connections` workers each send one request at a time over a keep-alive agent
 * with as many sockets. Requests started during the warm-up are not counted; after warm-up +
 * duration no new request starts. Latency is measured per request, from send to the last byte.
 */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const start = performance.now();
  const timedFrom = start + o.warmupMs;
  const stopAt = timedFrom + o.durationMs;
  const statuses = new Map<number, number>();
  const conflictCodes = new Map<string, number>();
  const latencies: number[] = [];
  const samples: string[] = [];
  let issued = 0;
  let networkErrors = 0;
  let lastEnd = timedFrom;
  const worker = async () => {
    while (issued < o.maxRequests && networkErrors < maxNetworkErrors && !o.stop?.()) {
      const t0 = performance.now();
      if (t0 >= stopAt) return;
      const spec = o.next(issued++);
      const answer = await send(o.port, spec);
      const t1 = performance.now();
      if (answer.status === 0) networkErrors++;
      if (t0 < timedFrom) continue;
      lastEnd = Math.max(lastEnd, t1);
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      if (answer.status === 201 || answer.status === 409) latencies.push(t1 - t0);
      if (answer.status === 409) {
        const code = errorCode(answer.body);
        conflictCodes.set(code, (conflictCodes.get(code) ?? 0) + 1);
      } else if (answer.status !== 201 && samples.length < 5) {
        samples.push(`${answer.status} ${answer.body.slice(0, 300)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: o.connections }, worker));
  const sorted = Float64Array.from(latencies).sort();
  const seconds = (lastEnd - timedFrom) / 1000;
  return {
    statuses,
    conflictCodes,
    served: latencies.length,
    rate: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    seconds,
    samples,
  };
}

export function errorCode(body: string): string {
  try {
    return String((JSON.parse(body) as { error?: { code?: unknown } }).error?.code ?? 'unknown');
  } catch {
    return 'unparsable';
  }
}
