/**
 * The scan figures of bench/gate.ts: presentations made here as a wallet makes them, the bare signature
 * checks in this process, the uploads to `POST /api/v1/gate/scans`, and in-process diagnostics.
 */
import { createPublicKey, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import {
  CREDENTIAL_BODY_LENGTH,
  credentialSigningInput,
  decideScan,
  gateStateFromPack,
  p256JwkFromCompressed,
  presentationSigningInput,
  presentationToQrText,
  type GatePack,
} from '@ticketguard/protocol';
import { nodeVerifier } from '../packages/server/src/domain/gate/node-verifier.ts';
import { newHolder, type Holder } from './dpop.ts';
import { bearer, request } from './support/http.ts';
import { breathe } from './support/process.ts';
import { percentile } from './support/stats.ts';

export const WARMUP_BATCHES = 1;
/** Uploads in flight at once (BENCH_GATE_INFLIGHT, 1 or 2). */
export const INFLIGHT = process.env.BENCH_GATE_INFLIGHT === '2' ? 2 : 1;
/** Bare checks run this many times over each timed batch. */
export const BARE_PASSES = 2;
const GATE = 'north';
/** Long loops pause every SLICE items, so that Ctrl-C is handled at once (see `breathe`). */
const SLICE = 25;

export interface BenchHolder extends Holder {
  publicKey: KeyObject;
  /** Compressed SEC1 point, as the credential carries it. */
  compressed: Buffer;
}

export interface Ticket {
  id: string;
  credential: Buffer;
  holder: BenchHolder;
}

export interface Diagnostics {
  /** µs to parse one compressed holder key into a KeyObject, as the server's verifier does once per new key. */
  keyParseUs: number;
  /** The whole shared decision in-process: QR parse, Base45, both signatures, pack rules. */
  decideRate: number;
}

export interface ServerFigures {
  batches: number;
  rate: number;
  p50: number;
  p99: number;
  batchMs: number[];
  verdicts: Map<string, number>;
}

interface Scan {
  ticket: Ticket;
  qr: string;
  issuerMessage: Uint8Array;
  issuerSignature: Uint8Array;
  holderMessage: Uint8Array;
  holderSignature: Uint8Array;
}

export function benchHolder(): BenchHolder {
  const holder = newHolder();
  const publicKey = createPublicKey(holder.privateKey);
  const jwk = publicKey.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x!, 'base64url');
  const y = Buffer.from(jwk.y!, 'base64url');
  return { ...holder, publicKey, compressed: Buffer.concat([Buffer.from([0x02 | (y[31]! & 1)]), x]) };
}

/** The 194-byte presentation of PROTOCOL.md section 3, signed with node:crypto. */
function present(ticket: Ticket, presentedAt: number) {
  const signed = Buffer.alloc(130);
  ticket.credential.copy(signed, 0);
  signed.writeUInt32BE(presentedAt, 126);
  const message = presentationSigningInput(signed);
  const signature = sign('sha256', message, { key: ticket.holder.privateKey, dsaEncoding: 'ieee-p1363' });
  return { bytes: Buffer.concat([signed, signature]), message, signature };
}

async function presentBatch(batch: Ticket[], presentedAt: number): Promise<Scan[]> {
  const scans: Scan[] = [];
  for (const ticket of batch) {
    const p = present(ticket, presentedAt);
    scans.push({
      ticket,
      qr: presentationToQrText(p.bytes),
      issuerMessage: credentialSigningInput(ticket.credential.subarray(0, CREDENTIAL_BODY_LENGTH)),
      issuerSignature: ticket.credential.subarray(CREDENTIAL_BODY_LENGTH),
      holderMessage: p.message,
      holderSignature: p.signature,
    });
    if (scans.length % SLICE === 0) await breathe();
  }
  return scans;
}

/**
 * The bare figure: both signature checks of every scan with node:crypto, keys parsed beforehand.
 * Returns the ms spent in the checks only (not in the pauses between slices).
 */
async function bareCheck(scans: Scan[], issuerKey: KeyObject): Promise<number> {
  let ms = 0;
  let ok = 0;
  for (let pass = 0; pass < BARE_PASSES; pass += 1) {
    for (let from = 0; from < scans.length; from += SLICE) {
      const to = Math.min(scans.length, from + SLICE);
      const t0 = performance.now();
      for (let i = from; i < to; i += 1) {
        const s = scans[i]!;
        if (
          verify(null, s.issuerMessage, issuerKey, s.issuerSignature) &&
          verify('sha256', s.holderMessage, { key: s.ticket.holder.publicKey, dsaEncoding: 'ieee-p1363' }, s.holderSignature)
        ) ok += 1;
      }
      ms += performance.now() - t0;
      await breathe();
    }
  }
  if (ok !== scans.length * BARE_PASSES) throw new Error('bare: a signature did not verify in-process');
  return ms;
}

/** Where the server's time goes besides the two checks, measured in this process without HTTP or database. */
export async function diagnostics(batches: Ticket[][], pack: GatePack): Promise<Diagnostics> {
  const holderKeys = [...new Set(batches.flat().map((t) => t.holder))].map((h) => h.compressed);
  const parses = 2_000;
  const k0 = performance.now();
  for (let i = 0; i < parses; i += 1) {
    createPublicKey({ key: { ...p256JwkFromCompressed(holderKeys[i % holderKeys.length]!) }, format: 'jwk' });
    if (i % SLICE === SLICE - 1) await breathe();
  }
  const keyParseUs = ((performance.now() - k0) * 1000) / parses;

  // The shared decision (packages/protocol decideScan) with the server's node:crypto verifier.
  const now = Math.floor(Date.now() / 1000);
  const scans: Scan[] = [];
  for (const batch of batches) scans.push(...(await presentBatch(batch, now)));
  const state = gateStateFromPack(pack);
  const verifier = nodeVerifier();
  const noCheckIns = new Map();
  const decideAll = async () => {
    let ok = 0;
    for (let i = 0; i < scans.length; i += 1) {
      const decision = await decideScan({ qr: scans[i]!.qr, state, checkIns: noCheckIns, now, verifier });
      if (decision.verdict === 'accepted') ok += 1;
      if (i % SLICE === SLICE - 1) await breathe();
    }
    return ok;
  };
  const accepted = await decideAll(); // warm-up, and every holder key parsed once
  if (accepted !== scans.length) throw new Error(`in-process decideScan accepted ${accepted} of ${scans.length}`);
  const d0 = performance.now();
  await decideAll();
  return { keyParseUs, decideRate: scans.length / ((performance.now() - d0) / 1000) };
}

/**
 * Group by group of INFLIGHT batches: present the group (not timed), run the bare checks over it in
 * this process, then upload its batches at once (one by one with INFLIGHT = 1). Interleaving puts
 * both figures under the same load of a shared machine. The server rate is over the wall time of
 * the timed uploads only. Returns the bare rate in scans per second, and the server figures.
 */
export async function scanFigures(port: number, gateToken: string, issuerKey: KeyObject, batches: Ticket[][], problems: string[], database: string) {
  const verdicts = new Map<string, number>();
  const batchMs: number[] = [];
  let bareMs = 0;
  let serverMs = 0;
  let scans = 0;
  const groups: Ticket[][][] = batches.slice(0, WARMUP_BATCHES).map((batch) => [batch]);
  for (let b = WARMUP_BATCHES; b < batches.length; b += INFLIGHT) groups.push(batches.slice(b, b + INFLIGHT));
  for (let g = 0; g < groups.length; g += 1) {
    const warmup = g < WARMUP_BATCHES;
    // Made right before the upload: the server refuses presentations older than 15 s.
    const presentedAt = Math.floor(Date.now() / 1000);
    const presented: Scan[][] = [];
    for (const batch of groups[g]!) presented.push(await presentBatch(batch, presentedAt));
    let bare = 0;
    for (const batch of presented) bare += await bareCheck(batch, issuerKey);
    const scannedAt = new Date().toISOString();
    const bodies = presented.map((batch) => JSON.stringify({ scans: batch.map((s) => ({ scanId: randomUUID(), qr: s.qr, scannedAt, gate: GATE })) }));
    const t0 = performance.now();
    const answers = await Promise.all(bodies.map((body) => request(port, { method: 'POST', path: '/api/v1/gate/scans', headers: bearer(gateToken), body })));
    const wall = performance.now() - t0;
    answers.forEach((answer, i) => {
      const size = presented[i]!.length;
      if (answer.status !== 200) throw new Error(`POST /api/v1/gate/scans: ${answer.status} ${answer.body.toString('utf8').slice(0, 300)}`);
      const { results } = JSON.parse(answer.body.toString('utf8')) as { results: { verdict: string; reason?: string }[] };
      if (results.length !== size) throw new Error(`POST /api/v1/gate/scans: ${results.length} results for ${size} scans`);
      for (const r of results) {
        const key = `${warmup ? 'warm-up ' : ''}${r.verdict === 'accepted' ? 'accepted' : `rejected:${r.reason ?? '?'}`}`;
        verdicts.set(key, (verdicts.get(key) ?? 0) + 1);
      }
      if (!warmup) {
        batchMs.push(answer.ms);
        scans += size;
      }
    });
    if (!warmup) {
      bareMs += bare;
      serverMs += wall;
    }
  }
  for (const [key, count] of verdicts) if (!key.endsWith('accepted')) problems.push(`${database}: ${count} scans of distinct valid tickets answered ${key}`);
  const server: ServerFigures = { batches: batchMs.length, rate: scans / (serverMs / 1000), p50: percentile(batchMs, 50), p99: percentile(batchMs, 99), batchMs, verdicts };
  return { bareRate: (scans * BARE_PASSES) / (bareMs / 1000), server };
}
