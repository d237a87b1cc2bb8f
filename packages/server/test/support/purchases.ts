import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { bearer } from './harness.ts';
import { qrFor } from './presentations.ts';
import type { TestWallet } from './wallet.ts';

export interface HeldTicket {
  id: string;
  eventId: string;
  ticketTypeId: string;
  credential: string;
  seq: number;
  state: string;
}

/** Buys and pays `quantity` tickets of one type through the API; returns the wallet's tickets of that event. */
export async function buyTickets(wallet: TestWallet, event: { eventId: string; ticketTypeId: string }, quantity: number): Promise<HeldTicket[]> {
  const placed = await wallet.request('POST', '/api/v1/orders', { eventId: event.eventId, items: [{ ticketTypeId: event.ticketTypeId, quantity }] });
  if (placed.statusCode !== 201) throw new Error(`order failed: ${placed.statusCode} ${placed.body}`);
  const paid = await wallet.request('POST', `/api/v1/orders/${placed.json().order.id}/sandbox-payment`, { outcome: 'paid' });
  if (paid.statusCode !== 200) throw new Error(`payment failed: ${paid.statusCode} ${paid.body}`);
  return (await wallet.request('GET', '/api/v1/me/tickets')).json().tickets.filter((t: HeldTicket) => t.eventId === event.eventId);
}

/** Scans a ticket in at the gate of its event, as the scanner uploads it; returns the verdict. */
export async function checkIn(app: FastifyInstance, gateToken: string, wallet: TestWallet, ticket: HeldTicket, at: Date) {
  const qr = await qrFor(ticket.credential, wallet.privateKey, at);
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/gate/scans',
    headers: bearer(gateToken),
    payload: { scans: [{ scanId: randomUUID(), qr, scannedAt: at.toISOString(), gate: 'main' }] },
  });
  return res.json().results[0] as { verdict: string; reason?: string };
}
