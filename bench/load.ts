/** The closed-loop load generator of the on-sale bench. */
import { request, type Answer, type RequestSpec } from './support/http.ts';
import { percentile } from './support/stats.ts';

export interface LoadResult {
  /** Completed requests started inside the timed window, by HTTP status (0 = network error). */
  statuses: Map<number, number>;
  /** Error codes of 409 answers, e.g. sold_out. */
  conflictCodes: Map<string, number>;
  /** Served (200, 201 or 409) per second over the timed window. */
  rate: number;
  p50: number;
  p99: number;
  /** A few bodies of unexpected answers, for the report. */
  samples: string[];
}

/** A network error or timeout counts as status 0, so that the run goes on and reports it. */
const send = (port: number, spec: RequestSpec): Promise<Pick<Answer, 'status' | 'body'>> =>
  request(port, spec, 30_000).catch((error: unknown) => ({ status: 0, body: Buffer.from(String(error)) }));

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
      const served = answer.status === 200 || answer.status === 201 || answer.status === 409;
      if (served) latencies.push(t1 - t0);
      if (answer.status === 409) {
        const code = errorCode(answer.body);
        conflictCodes.set(code, (conflictCodes.get(code) ?? 0) + 1);
      } else if (!served && samples.length < 5) {
        samples.push(`${answer.status} ${answer.body.toString('utf8').slice(0, 300)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: o.connections }, worker));
  return {
    statuses,
    conflictCodes,
    rate: latencies.length / ((lastEnd - timedFrom) / 1000),
    p50: percentile(latencies, 50, 'above'),
    p99: percentile(latencies, 99, 'above'),
    samples,
  };
}

function errorCode(body: Buffer): string {
  try {
    return String((JSON.parse(body.toString('utf8')) as { error?: { code?: unknown } }).error?.code ?? 'unknown');
  } catch {
    return 'unparsable';
  }
}
