import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/dialects.ts';
import { bearer, organizerRequest, publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { qrFor } from './support/presentations.ts';
import { buyTickets, type HeldTicket } from './support/purchases.ts';
import { TestWallet } from './support/wallet.ts';

describe.each(dialects)('duplicate admissions by offline gates on $name', (dialect) => {
  let server: TestServer;
  let organizer: Awaited<ReturnType<typeof signUp>>;
  let event: { eventId: string; ticketTypeId: string };
  let north: string;
  let south: string;
  let wallet: TestWallet;
  let tickets: HeldTicket[];

  const asOrganizer = organizerRequest(() => server.app, () => organizer.token);
  const device = async (name: string) => (await asOrganizer('POST', `/api/v1/events/${event.eventId}/gate-devices`, { name })).json().token as string;

  /** A scan as an offline scanner queued it: decided at `secondsAgo`, with its own verdict. */
  async function offlineScan(ticket: HeldTicket, secondsAgo: number, gate: string, localVerdict?: 'accepted' | 'rejected') {
    const at = new Date(server.clock().getTime() - secondsAgo * 1000);
    const qr = await qrFor(ticket.credential, wallet.privateKey, at);
    return { scanId: randomUUID(), qr, scannedAt: at.toISOString(), gate, ...(localVerdict ? { localVerdict } : {}) };
  }
  async function upload(token: string, scans: object[]) {
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/gate/scans', headers: bearer(token), payload: { scans } });
    expect(res.statusCode).toBe(200);
    return res.json().results as { verdict: string; reason?: string }[];
  }
  const gateDuplicates = async (token: string) => {
    const res = await server.app.inject({ method: 'GET', url: '/api/v1/gate/duplicates', headers: bearer(token) });
    expect(res.statusCode).toBe(200);
    return res.json().duplicates as { subjectId: string; scans: { scanId: string; gate: string; scannedAt: string; verdict: string }[] }[];
  };

  beforeAll(async () => {
    server = await startTestServer(dialect);
    organizer = await signUp(server.app);
    event = await publishedEvent(server.app, organizer.token);
    [north, south] = [await device('north'), await device('south')];
    wallet = await TestWallet.withAccount(server.app, server.clock);
    tickets = await buyTickets(wallet, event, 5);
  });
  afterAll(() => server.stop());

  it('flags a ticket two offline gates both admitted, to both gates and to the organizer, whichever uploads first', async () => {
    const [inOrder, outOfOrder] = [tickets[0]!, tickets[1]!];
    // inOrder: the earlier admission reaches the server first.
    const a = await offlineScan(inOrder, 120, 'north', 'accepted');
    const b = await offlineScan(inOrder, 60, 'south', 'accepted');
    expect(await upload(north, [a])).toMatchObject([{ verdict: 'accepted' }]);
    expect(await upload(south, [b])).toMatchObject([{ verdict: 'rejected', reason: 'already_used' }]);
    // outOfOrder: the later admission is uploaded first and is displaced by the earlier one.
    const c = await offlineScan(outOfOrder, 90, 'north', 'accepted');
    const d = await offlineScan(outOfOrder, 30, 'south', 'accepted');
    expect(await upload(south, [d])).toMatchObject([{ verdict: 'accepted' }]);
    expect(await upload(north, [c])).toMatchObject([{ verdict: 'accepted' }]);

    const expected = [
      { subjectId: inOrder.id, scans: [{ scanId: a.scanId, gate: 'north', scannedAt: a.scannedAt, verdict: 'accepted' }, { scanId: b.scanId, gate: 'south', scannedAt: b.scannedAt, verdict: 'rejected' }] },
      { subjectId: outOfOrder.id, scans: [{ scanId: c.scanId, gate: 'north', scannedAt: c.scannedAt, verdict: 'accepted' }, { scanId: d.scanId, gate: 'south', scannedAt: d.scannedAt, verdict: 'rejected' }] },
    ].sort((x, y) => x.subjectId.localeCompare(y.subjectId));
    const sorted = (list: { subjectId: string }[]) => [...list].sort((x, y) => x.subjectId.localeCompare(y.subjectId));
    expect(sorted(await gateDuplicates(north))).toEqual(expected);
    expect(sorted(await gateDuplicates(south))).toEqual(expected);

    const res = await asOrganizer('GET', `/api/v1/events/${event.eventId}/scan-duplicates`);
    expect(res.statusCode).toBe(200);
    const duplicates = res.json().duplicates;
    expect(duplicates).toHaveLength(2);
    // The admission that took over a check-in by claiming an earlier time is flagged a conflict, with the one it displaced.
    const flaggedOnly = (disputed: boolean) => [
      { gate: 'north', scannedAt: expect.any(String), receivedAt: server.clock().toISOString(), verdict: 'accepted', conflict: disputed },
      { gate: 'south', scannedAt: expect.any(String), receivedAt: server.clock().toISOString(), verdict: 'rejected', conflict: disputed },
    ];
    expect(duplicates.map((d: { scans: { conflict: boolean }[] }) => d.scans.some((s) => s.conflict)).sort()).toEqual([false, true]);
    for (const duplicate of duplicates) {
      expect(duplicate).toEqual({
        holderRef: expect.stringMatching(/^[\w-]{22}$/),
        ticketTypeId: event.ticketTypeId,
        scans: flaggedOnly(duplicate.scans[0].conflict),
      });
    }
    expect(JSON.stringify(res.json())).not.toContain(wallet.accountId);
    // The column another part of the platform counts: admitted at the gate, refused at sync.
    const flagged = await server.storage.db.selectFrom('scans').select('scan_id').where('local_verdict', '=', 'accepted').where('verdict', '=', 'rejected').where('reason', '=', 'already_used').execute();
    expect(flagged.map((r) => r.scan_id).sort()).toEqual([b.scanId, d.scanId].sort());
  });

  it('does not flag a gate that refused the second scan itself, nor scanners that do not report their verdict', async () => {
    const [refusedLocally, unreported] = [tickets[2]!, tickets[3]!];
    await upload(north, [await offlineScan(refusedLocally, 50, 'north', 'accepted'), await offlineScan(refusedLocally, 40, 'north', 'rejected')]);
    await upload(north, [await offlineScan(unreported, 50, 'north')]);
    expect(await upload(south, [await offlineScan(unreported, 40, 'south')])).toMatchObject([{ reason: 'already_used' }]);
    const flagged = (await gateDuplicates(north)).map((d) => d.subjectId);
    expect(flagged).not.toContain(refusedLocally.id);
    expect(flagged).not.toContain(unreported.id);
  });

  it("keeps one device's own order of scans when its clock was corrected backwards between them", async () => {
    const ticket = tickets[4]!;
    // The scanner admitted the ticket, then learned a clock offset 0.6 s smaller and refused it again.
    const admitted = await offlineScan(ticket, 40, 'north', 'accepted');
    const refused = await offlineScan(ticket, 40.6, 'north', 'rejected');
    expect(await upload(north, [admitted])).toMatchObject([{ verdict: 'accepted' }]);
    expect(await upload(north, [refused])).toMatchObject([{ verdict: 'rejected', reason: 'already_used' }]);
    const checkIn = await server.storage.db.selectFrom('check_ins').selectAll().where('ticket_id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(checkIn.scan_id).toBe(admitted.scanId);
    expect((await gateDuplicates(north)).map((d) => d.subjectId)).not.toContain(ticket.id);
  });

  it('tells a scanner its name and event, and the decoded size of a gzip pack for its progress bar', async () => {
    const profile = await server.app.inject({ method: 'GET', url: '/api/v1/gate/device', headers: bearer(south) });
    expect(profile.json()).toMatchObject({ name: 'south', event: { id: event.eventId, name: 'Night of Tests', venue: 'Melkweg' } });
    const pack = await server.app.inject({ method: 'GET', url: '/api/v1/gate/pack', headers: { ...bearer(south), 'accept-encoding': 'gzip' } });
    expect(pack.headers['content-encoding']).toBe('gzip');
    expect(Number(pack.headers['x-pack-bytes'])).toBe(gunzipSync(pack.rawPayload).length);
  });

  it('keeps duplicates to the right people: 401 without a gate token, 404 for another organizer, 400 for a bad localVerdict', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/gate/duplicates' })).statusCode).toBe(401);
    const stranger = await signUp(server.app);
    const foreign = await asOrganizer('GET', `/api/v1/events/${event.eventId}/scan-duplicates`, undefined, stranger.token);
    expect(foreign.statusCode).toBe(404);
    const bad = await server.app.inject({
      method: 'POST', url: '/api/v1/gate/scans', headers: bearer(north),
      payload: { scans: [{ ...(await offlineScan(tickets[0]!, 1, 'north')), localVerdict: 'maybe' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/localVerdict/);
  });
});
