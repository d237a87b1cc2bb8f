import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from '../../../bench/support/process.ts';
import { api, bearer } from '../../../bench/support/http.ts';
import { eventOnSale, freshSchema, inParallel, insertAccounts, postgresUrl, ProcessWallet, serverProcess } from './support/processes.ts';
import { openSse } from './support/sse.ts';

const url = postgresUrl();
const buyers = 2_000;
const seats = 500;

/**
 * Two real server processes on one PostgreSQL and nothing else, as behind a load balancer. The
 * capacity guard is the one concurrency.test.ts proves (the race without it oversells); here it
 * must hold when the racing requests arrive at different processes.
 */
describe.skipIf(!url)('two server processes on one PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof freshSchema>>;
  let servers: Server[];
  let sale: Awaited<ReturnType<typeof eventOnSale>>;
  let wallets: ProcessWallet[];
  const either = (i: number) => servers[i % 2]!;

  beforeAll(async () => {
    db = await freshSchema(url!);
    const secret = randomBytes(32).toString('hex');
    // Started together: the migration lock must keep them in turn.
    servers = await Promise.all([serverProcess(db.url, secret), serverProcess(db.url, secret)]);
    sale = await eventOnSale(servers[0]!, seats);
    // Two phones sign up through the API, one at each process; the other buyers' accounts are written directly.
    wallets = Array.from({ length: buyers }, () => new ProcessWallet());
    await Promise.all(wallets.slice(0, 2).map((w, i) => w.register(either(i))));
    await insertAccounts(db.query, wallets.slice(2));
  }, 240_000);
  afterAll(async () => {
    await Promise.all((servers ?? []).map((s) => s.stop()));
    await db?.drop();
  });

  it(`${buyers} buyers race for ${seats} tickets across both: exactly ${seats} are sold`, async () => {
    const item = { eventId: sale.eventId, items: [{ ticketTypeId: sale.ticketTypeId, quantity: 1 }] };
    const answers = await inParallel(wallets, 50, (w, i) => w.send(either(i), 'POST', '/api/v1/orders', item));
    const held = answers.flatMap((a, i) => (a.status === 201 ? [{ wallet: wallets[i]!, orderId: JSON.parse(a.body.toString()).order.id as string }] : []));
    const refused = answers.filter((a) => a.status === 409 && JSON.parse(a.body.toString()).error.code === 'sold_out');
    expect(held.length).toBe(seats);
    expect(refused.length).toBe(buyers - seats);
    // Each process took a share of the winners: the race really ran across both.
    expect(new Set(held.map((h) => wallets.indexOf(h.wallet) % 2)).size).toBe(2);

    const paid = await inParallel(held, 50, ({ wallet, orderId }, i) => wallet.send(either(i + 1), 'POST', `/api/v1/orders/${orderId}/sandbox-payment`, { outcome: 'paid' }));
    expect(paid.map((p) => p.status)).toEqual(held.map(() => 200));
    const insights = await api<{ ticketsSold: number }>(servers[1]!.port, 'GET', `/api/v1/events/${sale.eventId}/insights`, 200, bearer(sale.token));
    expect(insights.ticketsSold).toBe(seats);
    const [counts] = await db.query<{ tickets: string; distinct_ids: string; taken: number }>(
      `SELECT count(*) AS tickets, count(DISTINCT t.id) AS distinct_ids, (SELECT taken FROM ticket_types WHERE id = $1) AS taken FROM tickets t WHERE t.ticket_type_id = $1`,
      [sale.ticketTypeId],
    );
    expect(counts).toEqual({ tickets: String(seats), distinct_ids: String(seats), taken: seats });
  }, 240_000);

  it('a DPoP proof used at one process is refused as a replay at the other', async () => {
    const wallet = wallets[0]!;
    const proof = wallet.proof('GET', '/api/v1/me/tickets');
    expect((await wallet.send(servers[0]!, 'GET', '/api/v1/me/tickets', undefined, proof)).status).toBe(200);
    const replay = await wallet.send(servers[1]!, 'GET', '/api/v1/me/tickets', undefined, proof);
    expect(replay.status).toBe(401);
    expect(JSON.parse(replay.body.toString()).error).toMatchObject({ code: 'invalid_dpop_proof', message: expect.stringMatching(/replay/) });
    // A fresh proof is fine at the same process: it was the replay that was refused.
    expect((await wallet.send(servers[1]!, 'GET', '/api/v1/me/tickets')).status).toBe(200);
  });

  it('a scheduled message is sent exactly once, though both processes run the job queue', async () => {
    const sendAt = new Date(Date.now() + 2_000).toISOString();
    const message = await api<{ id: string; status: string }>(servers[0]!.port, 'POST', `/api/v1/events/${sale.eventId}/messages`, 201, bearer(sale.token), {
      title: 'Doors open', body: 'Doors open at eight', sendAt,
    });
    expect(message.status).toBe('scheduled');
    const until = Date.now() + 30_000;
    let row: { status: string; recipients: number } | undefined;
    while (Date.now() < until) {
      [row] = await db.query<{ status: string; recipients: number }>('SELECT status, recipients FROM messages WHERE id = $1', [message.id]);
      if (row?.status === 'sent') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(row).toEqual({ status: 'sent', recipients: seats });
    const jobs = await db.query<{ kind: string; attempts: number; done: boolean }>(
      `SELECT kind, attempts, done_at IS NOT NULL AS done FROM jobs WHERE payload LIKE $1 ORDER BY kind`,
      [`%${message.id}%`],
    );
    // One send, run once; one push job queued by it (a second run would have queued a second).
    expect(jobs.filter((j) => j.kind === 'message.send')).toEqual([{ kind: 'message.send', attempts: 1, done: true }]);
    expect(jobs.filter((j) => j.kind === 'message.push').length).toBe(1);
    const [inbox] = await db.query<{ rows: string; accounts: string }>('SELECT count(*) AS rows, count(DISTINCT account_id) AS accounts FROM inbox WHERE message_id = $1', [message.id]);
    expect(inbox).toEqual({ rows: String(seats), accounts: String(seats) });
  }, 60_000);

  it('an inbox stream on one process receives a message posted through the other', async () => {
    const [holder] = await db.query<{ account_id: string }>('SELECT account_id FROM tickets WHERE ticket_type_id = $1 LIMIT 1', [sale.ticketTypeId]);
    const wallet = wallets.find((w) => w.accountId === holder!.account_id)!;
    const path = '/api/v1/me/inbox/stream';
    const stream = openSse(servers[0]!.port, `${path}?dpop=${wallet.proof('GET', path)}`);
    try {
      await stream.until(() => stream.events.some((e) => e.event === 'ready'), 10_000);
      const sent = await api<{ id: string; recipients: number }>(servers[1]!.port, 'POST', `/api/v1/events/${sale.eventId}/messages`, 201, bearer(sale.token), {
        title: 'Support act on stage', body: 'Now on the main stage',
      });
      expect(sent.recipients).toBe(seats);
      await stream.until(() => stream.events.some((e) => e.event === 'message' && e.id === sent.id), 10_000);
      const received = JSON.parse(stream.events.find((e) => e.id === sent.id)!.data);
      expect(received).toMatchObject({ id: sent.id, title: 'Support act on stage', body: 'Now on the main stage', eventId: sale.eventId });
    } finally {
      stream.close();
    }
  }, 30_000);

  it('a waiting room: 200 phones join at both before the opening; the job queues of both draw once and admit in one order', async () => {
    const room = await eventOnSale(servers[0]!, 1000);
    const onSaleAt = new Date(Date.now() + 4_000).toISOString();
    await api(servers[1]!.port, 'PATCH', `/api/v1/events/${room.eventId}`, 200, bearer(room.token), { onSaleAt, waitingRoom: { enabled: true, admitPerMinute: 1200 } });
    const phones = wallets.slice(100, 300);
    const joined = await inParallel(phones, 20, (w, i) => w.send(either(i), 'POST', `/api/v1/events/${room.eventId}/queue`, {}));
    expect(joined.map((a) => a.status)).toEqual(phones.map(() => 201));

    const until = Date.now() + 30_000;
    let admitted: { position: number }[] = [];
    while (Date.now() < until) {
      admitted = await db.query<{ position: number }>('SELECT position FROM queue_entries WHERE event_id = $1 AND admitted_at IS NOT NULL ORDER BY position', [room.eventId]);
      if (admitted.length >= 60) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const places = await db.query<{ position: number }>('SELECT position FROM queue_entries WHERE event_id = $1 ORDER BY position', [room.eventId]);
    expect(places.map((p) => p.position)).toEqual(phones.map((_, i) => i + 1));
    // Admitted are exactly the first places, whichever process ran each tick.
    expect(admitted.map((p) => p.position)).toEqual(admitted.map((_, i) => i + 1));
    const jobs = await db.query<{ kind: string; attempts: number; done: boolean }>(
      `SELECT kind, attempts, done_at IS NOT NULL AS done FROM jobs WHERE kind IN ('queue.draw', 'queue.admit') AND payload LIKE $1`,
      [`%${room.eventId}%`],
    );
    expect(jobs.filter((j) => j.kind === 'queue.draw')).toEqual([{ kind: 'queue.draw', attempts: 1, done: true }]);
    expect(jobs.filter((j) => j.kind === 'queue.admit').every((j) => j.attempts === 1)).toBe(true);
    const [seed] = await db.query<{ draw_seed: string; early_count: number }>('SELECT draw_seed, early_count FROM waiting_rooms WHERE event_id = $1', [room.eventId]);
    expect(seed).toMatchObject({ draw_seed: expect.stringMatching(/^[0-9a-f]{64}$/), early_count: 200 });
  }, 60_000);

  it('an erasure at one process reaches the other at once: the phone does not keep its old account there', async () => {
    const [holder] = await db.query<{ account_id: string; id: string }>('SELECT account_id, id FROM tickets WHERE ticket_type_id = $1 LIMIT 1', [sale.ticketTypeId]);
    const wallet = wallets.find((w) => w.accountId === holder!.account_id)!;
    const ticketIds = async (server: Server) => {
      const answer = await wallet.send(server, 'GET', '/api/v1/me/tickets');
      return answer.status === 200 ? (JSON.parse(answer.body.toString()) as { tickets: { id: string }[] }).tickets.map((t) => t.id) : [];
    };
    // The other process has just read which account the phone's key opens, and remembers it.
    expect(await ticketIds(servers[1]!)).toContain(holder!.id);
    expect((await wallet.send(servers[0]!, 'DELETE', '/api/v1/me')).status).toBe(204);
    const [moved] = await db.query<{ account_id: string }>('SELECT account_id FROM tickets WHERE id = $1', [holder!.id]);
    expect(moved!.account_id).not.toBe(holder!.account_id);
    // Without word of the erasure the other process would go on opening the deleted account (no tickets) for minutes.
    const until = Date.now() + 1_000;
    let seen: string[] = [];
    while (Date.now() < until && !(seen = await ticketIds(servers[1]!)).includes(holder!.id)) await new Promise((r) => setTimeout(r, 50));
    expect(seen).toContain(holder!.id);
  });
});
