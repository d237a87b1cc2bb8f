import type { CheckInList, GatePack, ScanReason } from '@ticketguard/protocol';
import { ApiError, readJson } from '@ticketguard/web/api.ts';
import { timedFetch } from '@ticketguard/web/server-clock.ts';
import type { PairedDevice, ScanMode, ScanRecord } from './local-db.ts';

/** The gate routes of API.md, called with the device token; every answer also corrects the clock. */

const headers = (token: string) => ({ authorization: `Bearer ${token}` });

export async function fetchDevice(token: string) {
  const response = await timedFetch('/api/v1/gate/device', { headers: headers(token) });
  return readJson<{ id: string; name: string; event: PairedDevice['event']; checkInList: CheckInList | null }>(response);
}

/** How many are inside now on the device's list (for a device without one: the default list of `mode`). */
export async function fetchPresence(token: string, mode: ScanMode) {
  const response = await timedFetch(`/api/v1/gate/presence?mode=${mode}`, { headers: headers(token), cache: 'no-store' });
  return readJson<{ list: { id: string; name: string }; inside: number; entries: number; exits: number }>(response);
}

/**
 * Downloads the full pack, or a delta with `since`, reporting progress from 0 to 1. The body arrives
 * gzip-compressed but the reader sees decoded bytes, so the total is the server's X-Pack-Bytes.
 */
export async function downloadPack(token: string, since: string | undefined, onProgress: (fraction: number) => void): Promise<GatePack> {
  const url = since === undefined ? '/api/v1/gate/pack' : `/api/v1/gate/pack?since=${encodeURIComponent(since)}`;
  const response = await timedFetch(url, { headers: headers(token), cache: 'no-store' });
  if (!response.ok || !response.body) return readJson<GatePack>(response);
  const total = Number(response.headers.get('x-pack-bytes') ?? response.headers.get('content-length') ?? 0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    if (total > 0) onProgress(Math.min(1, received / total));
  }
  onProgress(1);
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as GatePack;
  } catch {
    throw new ApiError(502, 'bad_pack', 'the gate pack is not valid JSON');
  }
}

export interface UploadResult {
  scanId: string;
  verdict: 'accepted' | 'rejected';
  reason?: ScanReason;
  firstScan?: { scannedAt: string; gate: string };
}

export async function uploadScans(token: string, scans: ScanRecord[]) {
  const body = {
    scans: scans.map((s) => ({ scanId: s.scanId, qr: s.qr, scannedAt: s.scannedAt, gate: s.gate, mode: s.mode, direction: s.direction ?? 'in', localVerdict: s.localVerdict })),
  };
  const response = await timedFetch('/api/v1/gate/scans', {
    method: 'POST',
    headers: { ...headers(token), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await readJson<{ results: UploadResult[] }>(response)).results;
}

export interface Duplicate {
  subjectId: string;
  scans: { scanId: string; gate: string; scannedAt: string; verdict: 'accepted' | 'rejected' }[];
}

export async function fetchDuplicates(token: string) {
  const response = await timedFetch('/api/v1/gate/duplicates', { headers: headers(token), cache: 'no-store' });
  return (await readJson<{ duplicates: Duplicate[] }>(response)).duplicates;
}
