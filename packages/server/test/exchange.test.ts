import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/dialects.ts';
import { organizerRequest, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { qrFor } from './support/presentations.ts';
import { buyTickets } from './support/purchases.ts';
import { uploadScan } from './support/scans.ts';
import { TestWallet } from './support/wallet.ts';

describe.each(dialects)('the face-value exchange on $name', (dialect) => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer(dialect, { orderHoldSeconds: 600 });
    token = (await signUp(server.app)).token;
  });
  afterAll(() => server.stop());

  const asOrganizer = organizerRequest(() => server.app, () => token);

  async function exchangeEvent(mode = 'exchange') {
    const startsAt = new Date(server.clock().getTime() + 7 * 86_400_000);
    const eventId = (await asOrganizer('POST', '/api/v1/events', {
      name: 'Sold Out Show', venue: 'Ziggo Dome', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
      transferPolicy: { mode },
    })).json().id as string;
    const ticketTypeId = (await asOrganizer('POST', `/api/v1/events/${eventId}/ticket-types`, { name: 'GA', priceCents: 5500, currency: 'EUR', capacity: 10 })).json().id as string;
    await asOrganizer('POST', `/api/v1/events/${eventId}/publish`);
    const gateToken = (await asOrganizer('POST', `/api/v1/events/${eventId}/gate-devices`, { name: 'door' })).json().token as string;
    return { eventId, ticketTypeId, gateToken };
  }

  const phone = () => TestWallet.withAccount(server.app, server.clock);
  const buyOne = async (wallet: TestWallet, event: { eventId: string; ticketTypeId: string }) => (await buyTickets(wallet, event, 1))[0]!;
  const wait = (wallet: TestWallet, event: { eventId: string; ticketTypeId: string }) =>
    wallet.request('POST', `/api/v1/events/${event.eventId}/waitlist`, { ticketTypeId: event.ticketTypeId });
  const list = (wallet: TestWallet, ticketId: string, body: object = {}) => wallet.request('POST', `/api/v1/tickets/${ticketId}/resale`, body);
  const offerOf = async (wallet: TestWallet) =>
    (await wallet.request('GET', '/api/v1/me/orders')).json().orders.find((o: { order: { resale: boolean; status: string } }) => o.order.resale && o.order.status === 'pending')?.order as
      | { id: string; totalCents: number }
      | undefined;
  const pay = (wallet: TestWallet, orderId: string) => wallet.request('POST', `/api/v1/orders/${orderId}/sandbox-payment`, { outcome: 'paid' });
  const scan = (gateToken: string, qr: string) => uploadScan(server.app, gateToken, qr, { at: server.clock() });

  it('moves a ticket at face value from a seller to the first in line, end to end', async () => {
    const event = await exchangeEvent();
    const seller = await phone();
    const buyer = await phone();
    const ticket = await buyOne(seller, event);
    const joined = await wait(buyer, event);
    expect(joined.statusCode).toBe(201);
    expect(joined.json().status).toBe('waiting');
    expect((await wait(buyer, event)).statusCode).toBe(200);

    const listed = await list(seller, ticket.id);
    expect(listed.statusCode).toBe(201);
    expect(listed.json()).toMatchObject({ priceCents: 5500, currency: 'EUR', status: 'offered' });
    const offer = await offerOf(buyer);
    expect(offer).toMatchObject({ totalCents: 5500 });
    expect((await pay(buyer, offer!.id)).json().order.status).toBe('paid');

    const bought = (await buyer.request('GET', '/api/v1/me/tickets')).json().tickets;
    expect(bought).toEqual([expect.objectContaining({ id: ticket.id, seq: 2, state: 'valid' })]);
    expect((await seller.request('GET', '/api/v1/me/tickets')).json().tickets).toEqual([]);
    expect(await scan(event.gateToken, await qrFor(ticket.credential, seller.privateKey, server.clock()))).toMatchObject({ reason: 'superseded' });
    expect(await scan(event.gateToken, await qrFor(bought[0].credential, buyer.privateKey, server.clock()))).toMatchObject({ verdict: 'accepted' });

    const refunds = await server.storage.db.selectFrom('refunds').selectAll().where('ticket_id', '=', ticket.id).execute();
    expect(refunds).toEqual([expect.objectContaining({ amount_cents: 5500, reason: 'resold on the exchange' })]);
    const history = (await asOrganizer('GET', `/api/v1/events/${event.eventId}/transfers`)).json().transfers;
    expect(history).toEqual([expect.objectContaining({ ticketTypeId: event.ticketTypeId, reason: 'exchange', seq: 2 })]);
    const insights = (await asOrganizer('GET', `/api/v1/events/${event.eventId}/insights`)).json();
    expect(insights).toMatchObject({ ticketsSold: 1, ticketHolders: 1, revenueCents: 11_000 });
  });

  it('has no price but the face value', async () => {
    const event = await exchangeEvent();
    const seller = await phone();
    const ticket = await buyOne(seller, event);
    const greedy = await list(seller, ticket.id, { priceCents: 25_000 });
    expect(greedy.statusCode).toBe(400);
    expect(greedy.json().error.message).toMatch(/priceCents is not a known field/);
  });

  it('passes an unpaid offer on to the next in line, and a late payment moves nothing', async () => {
    const event = await exchangeEvent();
    const seller = await phone();
    const [first, second] = [await phone(), await phone()];
    const ticket = await buyOne(seller, event);
    await wait(first, event);
    server.clock.advance(1); // the line is ordered by the time of joining
    await wait(second, event);
    await list(seller, ticket.id);
    const firstOffer = (await offerOf(first))!;
    expect(await offerOf(second)).toBeUndefined();

    server.clock.advance(601);
    await server.app.inject({ method: 'GET', url: `/api/v1/events/${event.eventId}` });
    const secondOffer = (await offerOf(second))!;
    expect(secondOffer).toBeDefined();
    const [late, onTime, twice] = await Promise.all([pay(first, firstOffer.id), pay(second, secondOffer.id), pay(second, secondOffer.id)]);
    expect(late.statusCode).toBe(409);
    expect([onTime.statusCode, twice.statusCode]).toEqual([200, 200]);
    expect((await second.request('GET', '/api/v1/me/tickets')).json().tickets).toEqual([expect.objectContaining({ id: ticket.id, seq: 2 })]);
    expect((await first.request('GET', '/api/v1/me/tickets')).json().tickets).toEqual([]);
    const moves = await server.storage.db.selectFrom('transfers').selectAll().where('ticket_id', '=', ticket.id).execute();
    expect(moves).toHaveLength(1);
  });

  it('lets the seller withdraw until the ticket is offered, and keeps listed tickets out of claim links', async () => {
    const event = await exchangeEvent();
    const seller = await phone();
    const ticket = await buyOne(seller, event);
    expect((await list(seller, ticket.id)).json().status).toBe('listed');
    expect((await list(seller, ticket.id)).statusCode).toBe(409);
    const claim = await seller.request('POST', `/api/v1/tickets/${ticket.id}/claim-links`);
    expect(claim.json().error.code).toBe('transfer_not_allowed');
    expect((await seller.request('DELETE', `/api/v1/tickets/${ticket.id}/resale`)).statusCode).toBe(204);
    await list(seller, ticket.id);
    await wait(await phone(), event);
    const late = await seller.request('DELETE', `/api/v1/tickets/${ticket.id}/resale`);
    expect(late.statusCode).toBe(409);
  });

  it('exists only under the exchange policy', async () => {
    const event = await exchangeEvent('none');
    const seller = await phone();
    const ticket = await buyOne(seller, event);
    expect((await list(seller, ticket.id)).json().error.code).toBe('transfer_not_allowed');
    expect((await wait(await phone(), event)).json().error.code).toBe('transfer_not_allowed');
  });
});
