import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { bearer } from './harness.ts';

/** Uploads one scan as a scanner does and returns the server's result for it. */
export async function uploadScan(
  app: FastifyInstance,
  gateToken: string,
  qr: string,
  options: { at: Date; gate?: string; scanId?: string; mode?: 'ticket' | 'voucher'; direction?: 'in' | 'out'; localVerdict?: 'accepted' | 'rejected' },
) {
  const { at, gate, scanId, ...rest } = options;
  const scan = { scanId: scanId ?? randomUUID(), qr, scannedAt: at.toISOString(), gate: gate ?? 'door', ...rest };
  const res = await app.inject({ method: 'POST', url: '/api/v1/gate/scans', headers: bearer(gateToken), payload: { scans: [scan] } });
  if (res.statusCode !== 200) throw new Error(`scan upload failed: ${res.statusCode} ${res.body}`);
  return res.json().results[0] as { scanId: string; verdict: string; reason?: string; firstScan?: { scannedAt: string; gate: string } };
}
