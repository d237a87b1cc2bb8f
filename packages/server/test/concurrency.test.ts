import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeOrder } from '../src/domain/orders/place-order.ts';
import { DomainError } from '../src/domain/errors.ts';
import { dialects } from './support/dialects.ts';
import { publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';

const buyers = 200;
const seats = 50;

describe.each(dialects)('200 buyers race for 50 tickets on $name', (dialect) => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    token = (await signUp(server.app)).token;
  });
  afterAll(() => server.stop());

  async function accounts(count: number) {
    const ids = Array.from({ length: count }, () => randomUUID());
    const now = new Date().toISOString();
    for (const id of ids) await server.ctx.store.repos.accounts.create(id, `thumb-${id}`, '{}', now);
    return ids;
  }

  /**
   * The guard switched off: read what is taken, decide, then write, as separate statements. This
   * is the bug that oversold events on other platforms; the test proves the race is real here.
   */
  async function naiveHold(ticketTypeId: string) {
    const db = server.storage.db;
    const row = await db.selectFrom('ticket_types').select(['taken', 'capacity']).where('id', '=', ticketTypeId).executeTakeFirstOrThrow();
    if (row.taken + 1 > row.capacity) return false;
    await db.updateTable('ticket_types').set({ taken: row.taken + 1 }).where('id', '=', ticketTypeId).execute();
    return true;
  }

  it('without the guard, a read-then-write hold oversells', async () => {
    const { ticketTypeId } = await publishedEvent(server.app, token, { capacity: seats });
    const results = await Promise.all(Array.from({ length: buyers }, () => naiveHold(ticketTypeId)));
    const granted = results.filter(Boolean).length;
    expect(granted).toBeGreaterThan(seats);
  });

  it('with the atomic hold, exactly 50 succeed and 150 are sold out', async () => {
    const { eventId, ticketTypeId } = await publishedEvent(server.app, token, { capacity: seats });
    const ids = await accounts(buyers);
    const outcomes = await Promise.all(
      ids.map((accountId) =>
        placeOrder(server.ctx, accountId, { eventId, items: [{ ticketTypeId, quantity: 1 }] }).then(
          () => 'held',
          (error: unknown) => (error instanceof DomainError ? error.code : String(error)),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'held')).toHaveLength(seats);
    expect(outcomes.filter((o) => o === 'sold_out')).toHaveLength(buyers - seats);
    const type = await server.ctx.store.repos.events.findTicketType(ticketTypeId);
    expect(type?.taken).toBe(seats);
    const sales = await server.ctx.store.repos.insights.salesOfEvent(eventId, new Date().toISOString());
    expect(sales.seatsHeld).toBe(seats);
  });

  it('the same race for an add-on: 200 buyers of a ticket plus parking, 30 parking places; the failed orders hold nothing', async () => {
    const { eventId, ticketTypeId } = await publishedEvent(server.app, token, { capacity: 500 });
    const parking = await server.app.inject({
      method: 'POST',
      url: `/api/v1/events/${eventId}/ticket-types`,
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 'Parking', priceCents: 1500, currency: 'EUR', capacity: 30, kind: 'addon' },
    });
    const parkingId = parking.json().id as string;
    expect(await Promise.all(Array.from({ length: buyers }, () => naiveHold(parkingId))).then((r) => r.filter(Boolean).length)).toBeGreaterThan(30);
    await server.ctx.store.repos.events.updateTicketType(parkingId, { taken: 0 });
    const ids = await accounts(buyers);
    const outcomes = await Promise.all(
      ids.map((accountId) =>
        placeOrder(server.ctx, accountId, { eventId, items: [{ ticketTypeId, quantity: 1 }, { ticketTypeId: parkingId, quantity: 1 }] }).then(
          () => 'held',
          (error: unknown) => (error instanceof DomainError ? error.code : String(error)),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'held')).toHaveLength(30);
    expect(outcomes.filter((o) => o === 'sold_out')).toHaveLength(buyers - 30);
    expect((await server.ctx.store.repos.events.findTicketType(parkingId))?.taken).toBe(30);
    // Nothing half-written: a refused order gave its ticket back with its parking.
    expect((await server.ctx.store.repos.events.findTicketType(ticketTypeId))?.taken).toBe(30);
  });

  it('multi-type orders in opposite order neither deadlock nor oversell', async () => {
    const { eventId, ticketTypeId: first } = await publishedEvent(server.app, token, { capacity: 20 });
    const second = await server.app.inject({
      method: 'POST',
      url: `/api/v1/events/${eventId}/ticket-types`,
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 'Balcony', priceCents: 5000, currency: 'EUR', capacity: 20 },
    });
    const secondId = second.json().id as string;
    const ids = await accounts(60);
    const outcomes = await Promise.all(
      ids.map((accountId, i) => {
        const items = [{ ticketTypeId: first, quantity: 1 }, { ticketTypeId: secondId, quantity: 1 }];
        return placeOrder(server.ctx, accountId, { eventId, items: i % 2 ? items : items.reverse() }).then(
          () => 'held',
          (error: unknown) => (error instanceof DomainError ? error.code : String(error)),
        );
      }),
    );
    expect(outcomes.filter((o) => o === 'held')).toHaveLength(20);
    expect(outcomes.filter((o) => o === 'sold_out')).toHaveLength(40);
    for (const id of [first, secondId]) expect((await server.ctx.store.repos.events.findTicketType(id))?.taken).toBe(20);
  });
});
