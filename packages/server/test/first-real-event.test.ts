import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress } from '../src/domain/outbound/public-address.ts';
import { csvCell } from '../src/domain/exports/csv.ts';
import { ticketRef } from '../src/domain/tickets/ticket-ref.ts';
import { dialects } from './support/dialects.ts';
import { bearer, organizerRequest, publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { qrFor } from './support/presentations.ts';
import { buyTickets } from './support/purchases.ts';
import { uploadScan } from './support/scans.ts';
import { TestWallet } from './support/wallet.ts';

/** What an attack on a first real event found, each closed: one test per hole. */
describe.each(dialects)('a first real event: the holes an attack found, on $name', (dialect) => {
  let server: TestServer;
  let organizer: { organizerId: string; token: string };
  const asOrganizer = organizerRequest(() => server.app, () => organizer.token);

  beforeAll(async () => {
    server = await startTestServer(dialect);
    organizer = await signUp(server.app, 'Paradiso');
  });
  afterAll(() => server.stop());

  it('lets only holders of a ticket answer the profile questions and earn their rewards, with choices checked', async () => {
    const event = await publishedEvent(server.app, organizer.token);
    const campaign = (await asOrganizer('POST', `/api/v1/events/${event.eventId}/voucher-campaigns`, { name: 'Free drink' })).json().id;
    const created = await asOrganizer('POST', '/api/v1/profile-questions', {
      text: { nl: 'Welke muziek?', en: 'Which music?' }, purpose: "To plan next year's line-up", moment: 'after_purchase', rewardVoucherCampaignId: campaign,
      answerType: 'multiple', options: [{ label: { nl: 'Pop', en: 'Pop' } }, { label: { nl: 'Dans', en: 'Dance' } }],
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().key).toBe('to_plan_next_years_line_up');
    const questionId = created.json().id;
    const stranger = await TestWallet.withAccount(server.app, server.clock);
    const farmed = await stranger.request('POST', '/api/v1/me/answers', { questionId, answer: ['pop'] });
    expect(farmed.statusCode).toBe(403);
    expect((await stranger.request('GET', '/api/v1/me/vouchers')).json().vouchers).toEqual([]);

    const holder = await TestWallet.withAccount(server.app, server.clock);
    await buyTickets(holder, event, 1);
    const [due] = (await holder.request('GET', '/api/v1/me/questions?lang=nl')).json().questions;
    expect(due).toMatchObject({ answerType: 'multiple', options: [{ value: 'pop', label: 'Pop' }, { value: 'dance', label: 'Dans' }], purpose: "To plan next year's line-up" });
    const wrong = await holder.request('POST', '/api/v1/me/answers', { questionId, answer: ['jazz'] });
    expect(wrong.json().error.message).toBe('answer: "jazz" is not one of the options');
    expect((await holder.request('POST', '/api/v1/me/answers', { questionId, answer: ['pop', 'dance'] })).statusCode).toBe(201);
    expect((await holder.request('GET', '/api/v1/me/vouchers')).json().vouchers).toHaveLength(1);
  });

  it('ends a resale listing when its ticket is used at a gate, and when its event is cancelled', async () => {
    const event = await publishedEvent(server.app, organizer.token);
    await asOrganizer('PATCH', `/api/v1/events/${event.eventId}`, { transferPolicy: { mode: 'exchange' } });
    const seller = await TestWallet.withAccount(server.app, server.clock);
    const [used, other] = await buyTickets(seller, event, 2);
    for (const ticket of [used!, other!]) expect((await seller.request('POST', `/api/v1/tickets/${ticket.id}/resale`, {})).statusCode).toBe(201);
    const gate = (await asOrganizer('POST', `/api/v1/events/${event.eventId}/gate-devices`, { name: 'door' })).json().token;
    expect(await uploadScan(server.app, gate, await qrFor(used!.credential, seller.privateKey, server.clock()), { at: server.clock() })).toMatchObject({ verdict: 'accepted' });
    const status = async (ticketId: string) => (await server.storage.db.selectFrom('resale_listings').select('status').where('ticket_id', '=', ticketId).executeTakeFirstOrThrow()).status;
    expect(await status(used!.id)).toBe('cancelled');
    expect(await status(other!.id)).toBe('listed');
    expect((await asOrganizer('POST', `/api/v1/events/${event.eventId}/cancel`)).statusCode).toBe(200);
    expect(await status(other!.id)).toBe('cancelled');
  });

  it('refunds a payment that arrives after the sale closed instead of issuing tickets', async () => {
    const event = await publishedEvent(server.app, organizer.token);
    const buyer = await TestWallet.withAccount(server.app, server.clock);
    const placed = await buyer.request('POST', '/api/v1/orders', { eventId: event.eventId, items: [{ ticketTypeId: event.ticketTypeId, quantity: 1 }] });
    // Cancelled in the minute the buyer was paying; the provider's paid report comes after.
    await server.storage.db.updateTable('events').set({ status: 'ended' }).where('id', '=', event.eventId).execute();
    const paid = await buyer.request('POST', `/api/v1/orders/${placed.json().order.id}/sandbox-payment`, { outcome: 'paid' });
    expect(paid.json().order).toMatchObject({ status: 'refunded', statusReason: 'sales_closed' });
    expect((await buyer.request('GET', '/api/v1/me/tickets')).json().tickets).toEqual([]);
  });

  it('counts the per-order cap on merged items', async () => {
    const event = await publishedEvent(server.app, organizer.token, { capacity: 500 });
    const buyer = await TestWallet.withAccount(server.app, server.clock);
    const items = Array.from({ length: 3 }, () => ({ ticketTypeId: event.ticketTypeId, quantity: 50 }));
    const res = await buyer.request('POST', '/api/v1/orders', { eventId: event.eventId, items });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/at most 100 of one ticket type per order/);
  });

  it('refuses NUL characters in any text with 400 naming the field, on either database', async () => {
    const res = await asOrganizer('POST', '/api/v1/events', { name: 'Nul\u0000night', venue: 'x', startsAt: '2030-01-01T20:00:00Z', endsAt: '2030-01-01T23:00:00Z' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toEqual({ code: 'invalid_request', message: 'body.name must not contain a NUL character (\\u0000)' });
  });

  it('defuses CSV cells with a formula start or a semicolon, and refuses IPv4 hidden in IPv6 as an outbound address', () => {
    expect(csvCell('-cmd')).toBe("'-cmd");
    expect(csvCell('a;b')).toBe('"a;b"');
    for (const address of ['::7f00:1', '::ffff:7f00:1', '::ffff:8.8.8.8', '2002:7f00:1::', 'fec0::1']) expect(isPublicAddress(address)).toBe(false);
    for (const address of ['2a00:1450:400e:80c::200e', '8.8.8.8', '93.184.215.14']) expect(isPublicAddress(address), address).toBe(true);
  });

  it('gives every ticket a short reference for the help desk, the same as it will always be', async () => {
    const event = await publishedEvent(server.app, organizer.token);
    const [ticket] = await buyTickets(await TestWallet.withAccount(server.app, server.clock), event, 1);
    const stored = await server.storage.db.selectFrom('tickets').select('ref').where('id', '=', ticket!.id).executeTakeFirstOrThrow();
    expect(stored.ref).toBe(ticketRef(ticket!.id));
    expect(stored.ref).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect((await server.app.inject({ method: 'GET', url: `/api/v1/events/${event.eventId}/holders`, headers: bearer(organizer.token) })).body).not.toContain(ticket!.id);
  });
});
