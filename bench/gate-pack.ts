/** The gate pack figures of bench/gate.ts: full pack plain and gzip, and an empty delta, of a seeded event. */
import { gunzipSync } from 'node:zlib';
import type { GatePack } from '@ticketguard/protocol';
import type { SeedResult } from './gate-seed.ts';
import { bearer, request } from './support/http.ts';

export const PACK_RUNS = 3;
export const DELTA_RUNS = 5;

export interface PackFigures {
  seed: SeedResult;
  subjects: number;
  checkedInRows: number;
  checkedOutRows: number;
  plainMs: number[];
  rawBytes: number;
  gzipMs: number[];
  gzipBytes: number;
  deltaMs: number[];
  deltaBytes: number;
}

/**
 * `runs` times GET `path`, each timed from request to last byte at the client; every answer must be 200.
 * Keeps only the last body (a full pack is 9 MB) and each answer's content-encoding.
 */
async function timedGets(port: number, path: string, headers: Record<string, string>, runs: number, label: string) {
  const ms: number[] = [];
  const encodings: (string | undefined)[] = [];
  let last: Buffer = Buffer.alloc(0);
  for (let i = 0; i < runs; i += 1) {
    const answer = await request(port, { method: 'GET', path, headers });
    if (answer.status !== 200) throw new Error(`GET ${label}: ${answer.status} ${answer.body.toString('utf8').slice(0, 300)}`);
    ms.push(answer.ms);
    encodings.push(answer.headers['content-encoding']);
    last = answer.body;
  }
  return { ms, encodings, last };
}

export async function packFigures(port: number, gateToken: string, seed: SeedResult, problems: string[], database: string): Promise<PackFigures> {
  const plain = await timedGets(port, '/api/v1/gate/pack', bearer(gateToken), PACK_RUNS, '/api/v1/gate/pack');
  for (const encoding of plain.encodings) if (encoding) throw new Error(`plain pack came with content-encoding ${encoding}`);
  const gzip = await timedGets(port, '/api/v1/gate/pack', { ...bearer(gateToken), 'accept-encoding': 'gzip' }, PACK_RUNS, '/api/v1/gate/pack (gzip)');
  for (const encoding of gzip.encodings) {
    if (encoding !== 'gzip') problems.push(`${database}: pack asked with Accept-Encoding: gzip came back without content-encoding: gzip`);
  }
  const raw = plain.last;
  const gzipped = gzip.last;

  const pack = JSON.parse(raw.toString('utf8')) as GatePack;
  const unzipped = gunzipSync(gzipped);
  if (unzipped.length < raw.length * 0.99 || unzipped.length > raw.length * 1.01) problems.push(`${database}: gzip pack unzips to ${unzipped.length} bytes, plain is ${raw.length}`);
  if (pack.subjects.length !== seed.tickets) problems.push(`${database}: pack has ${pack.subjects.length} subjects, seeded ${seed.tickets}`);
  const checkedInRows = pack.subjects.filter((s) => s[2] === 'checked_in' && s.length === 6).length;
  if (checkedInRows !== seed.checkedIn) problems.push(`${database}: pack has ${checkedInRows} checked-in rows with time and gate, seeded ${seed.checkedIn}`);
  const checkedOutRows = pack.subjects.filter((s) => s[2] === 'checked_out' && s.length === 6).length;
  if (checkedOutRows !== seed.checkedOut) problems.push(`${database}: pack has ${checkedOutRows} checked-out rows, seeded ${seed.checkedOut}`);
  if (!pack.checkInList || pack.ticketTypes?.length !== 2) problems.push(`${database}: pack lacks its check-in list or the event's two products`);
  if (pack.cursor !== String(seed.packVersion)) problems.push(`${database}: pack cursor ${pack.cursor}, expected ${seed.packVersion}`);

  const delta = await timedGets(port, `/api/v1/gate/pack?since=${encodeURIComponent(pack.cursor)}`, bearer(gateToken), DELTA_RUNS, '/api/v1/gate/pack?since');
  const deltaSubjects = (JSON.parse(delta.last.toString('utf8')) as GatePack).subjects.length;
  if (deltaSubjects !== 0) problems.push(`${database}: empty delta has ${deltaSubjects} subjects`);
  return {
    seed,
    subjects: pack.subjects.length,
    checkedInRows,
    checkedOutRows,
    plainMs: plain.ms,
    rawBytes: raw.length,
    gzipMs: gzip.ms,
    gzipBytes: gzipped.length,
    deltaMs: delta.ms,
    deltaBytes: delta.last.length,
  };
}
