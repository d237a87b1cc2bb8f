import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gateStateFromPack } from '@ticketguard/protocol';
import { dialects } from './support/dialects.ts';
import { bearer, organizerRequest, publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { qrFor } from './support/presentations.ts';
import type { HeldTicket } from './support/purchases.ts';
import { uploadScan } from './support/scans.ts';
import { TestWallet } from './support/wallet.ts';

/**
 * A festival's gates: the main gate lets people out and back in, the default entrance does not, the
 * VIP area admits VIP tickets only and the car park the parking pass only. A code at the wrong place
 * is `not_admitted_here`, and the organizer sees who is inside now, per list and in total.
 */
describe.each(dialects)('check-in lists, exits and presence on $name', (dialect) => {
  let server: TestServer;
  let token: string;
  let eventId: string;
  const types = { weekend: '', vip: '', parking: '' };
  const lists = { main: '', vip: '', carPark: '' };
  const gates = { entrance: '', main: '', vip: '', carPark: '' };
  let visitor: TestWallet;
  let vipVisitor: TestWallet;
  const held = {} as { weekend: HeldTicket; parking: HeldTicket; vip: HeldTicket };
  const asOrganizer = organizerRequest(() => server.app, () => token);

  const created = async (url: string, payload: object) => {
    const res = await asOrganizer('POST', url, payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const device = async (name: string, checkInListId?: string) =>
    (await created(`/api/v1/events/${eventId}/gate-devices`, { name, ...(checkInListId ? { checkInListId } : {}) })).token as string;
  const scanAt = async (gate: string, wallet: TestWallet, ticket: HeldTicket, direction: 'in' | 'out' = 'in') =>
    uploadScan(server.app, gate, await qrFor(ticket.credential, wallet.privateKey, server.clock()), { at: server.clock(), direction });
  const presence = async () => (await asOrganizer('GET', `/api/v1/events/${eventId}/presence`)).json();
  const insideOn = async (listId: string) => (await presence()).lists.find((l: { id: string }) => l.id === listId).inside as number;
  const later = (seconds: number) => server.clock.advance(seconds);

  async function buy(wallet: TestWallet, items: string[]) {
    const placed = await wallet.request('POST', '/api/v1/orders', { eventId, items: items.map((ticketTypeId) => ({ ticketTypeId, quantity: 1 })) });
    expect(placed.statusCode, placed.body).toBe(201);
    await wallet.request('POST', `/api/v1/orders/${placed.json().order.id}/sandbox-payment`, { outcome: 'paid' });
    const tickets: HeldTicket[] = (await wallet.request('GET', '/api/v1/me/tickets')).json().tickets;
    return (typeId: string) => tickets.find((t) => t.ticketTypeId === typeId)!;
  }

  beforeAll(async () => {
    server = await startTestServer(dialect);
    token = (await signUp(server.app)).token;
    const event = await publishedEvent(server.app, token, { capacity: 100 });
    eventId = event.eventId;
    types.weekend = event.ticketTypeId;
    types.vip = (await created(`/api/v1/events/${eventId}/ticket-types`, { name: 'VIP weekend', priceCents: 25_000, currency: 'EUR', capacity: 10 })).id;
    types.parking = (await created(`/api/v1/events/${eventId}/ticket-types`, { name: 'Parking', priceCents: 1500, currency: 'EUR', capacity: 10, kind: 'addon' })).id;
    lists.main = (await created(`/api/v1/events/${eventId}/check-in-lists`, { name: 'Main gate', ticketTypeIds: [types.weekend, types.vip], allowReentry: true })).id;
    lists.vip = (await created(`/api/v1/events/${eventId}/check-in-lists`, { name: 'VIP area', ticketTypeIds: [types.vip] })).id;
    lists.carPark = (await created(`/api/v1/events/${eventId}/check-in-lists`, { name: 'Car park P1', ticketTypeIds: [types.parking], allowReentry: true })).id;
    gates.entrance = await device('entrance');
    gates.main = await device('main gate', lists.main);
    gates.vip = await device('vip door', lists.vip);
    gates.carPark = await device('barrier', lists.carPark);
    visitor = await TestWallet.withAccount(server.app, server.clock);
    const mine = await buy(visitor, [types.weekend, types.parking]);
    held.weekend = mine(types.weekend);
    held.parking = mine(types.parking);
    vipVisitor = await TestWallet.withAccount(server.app, server.clock);
    held.vip = (await buy(vipVisitor, [types.vip]))(types.vip);
  });
  afterAll(() => server.stop());

  it('lists the default ticket and voucher lists first, then the organizer\'s own', async () => {
    const res = (await asOrganizer('GET', `/api/v1/events/${eventId}/check-in-lists`)).json();
    expect(res.lists.map((l: { name: string; mode: string; isDefault: boolean }) => [l.name, l.mode, l.isDefault])).toEqual([
      // Made at the same moment of the test clock, the organizer's own lists come by name.
      ['Entrance', 'ticket', true], ['Vouchers', 'voucher', true], ['Car park P1', 'ticket', false], ['Main gate', 'ticket', false], ['VIP area', 'ticket', false],
    ]);
    expect(res.lists[0]).toMatchObject({ ticketTypeIds: null, allowReentry: false, inside: 0, entries: 0, exits: 0 });
    expect(res.lists[4]).toMatchObject({ ticketTypeIds: [types.vip], allowReentry: false });
  });

  it('packs each list with its own name and rules, and names every product with the lists that admit it', async () => {
    const pack = (await server.app.inject({ method: 'GET', url: '/api/v1/gate/pack', headers: bearer(gates.vip) })).json();
    expect(pack.checkInList).toEqual({ id: lists.vip, name: 'VIP area', ticketTypeIds: [types.vip], allowReentry: false, mode: 'ticket' });
    const listsOf = (id: string) => pack.ticketTypes.find((t: { id: string }) => t.id === id);
    expect(listsOf(types.weekend)).toEqual({ id: types.weekend, name: 'Standing', kind: 'admission', lists: ['Entrance', 'Main gate'] });
    expect(listsOf(types.vip).lists).toEqual(['Entrance', 'Main gate', 'VIP area']);
    expect(listsOf(types.parking)).toEqual({ id: types.parking, name: 'Parking', kind: 'addon', lists: ['Car park P1'] });
    expect(gateStateFromPack(pack).subjects.size).toBe(3);
    const entrance = (await server.app.inject({ method: 'GET', url: '/api/v1/gate/pack', headers: bearer(gates.entrance) })).json();
    expect(entrance.checkInList).toMatchObject({ name: 'Entrance', ticketTypeIds: null });
  });

  it('sends the weekend ticket away from the VIP area and the parking pass away from the entrance: not_admitted_here', async () => {
    expect(await scanAt(gates.vip, visitor, held.weekend)).toMatchObject({ verdict: 'rejected', reason: 'not_admitted_here' });
    expect(await scanAt(gates.entrance, visitor, held.parking)).toMatchObject({ verdict: 'rejected', reason: 'not_admitted_here' });
    expect(await scanAt(gates.main, visitor, held.parking)).toMatchObject({ reason: 'not_admitted_here' });
    expect(await scanAt(gates.carPark, visitor, held.parking)).toMatchObject({ verdict: 'accepted' });
    expect(await scanAt(gates.vip, vipVisitor, held.vip)).toMatchObject({ verdict: 'accepted' });
    expect(await insideOn(lists.carPark)).toBe(1);
    // The car is not a person: the total counts the VIP in the VIP area only.
    expect((await presence()).inside).toBe(1);
  });

  it('lets a ticket in, out and in again on a list with re-entry, with the count right after each', async () => {
    expect(await scanAt(gates.main, visitor, held.weekend)).toMatchObject({ verdict: 'accepted' });
    expect(await insideOn(lists.main)).toBe(1);
    expect((await presence()).inside).toBe(2);
    later(60);
    expect(await scanAt(gates.main, visitor, held.weekend, 'out')).toMatchObject({ verdict: 'accepted' });
    expect(await insideOn(lists.main)).toBe(0);
    expect((await presence()).inside).toBe(1);
    expect(await scanAt(gates.main, visitor, held.weekend, 'out')).toMatchObject({ verdict: 'rejected', reason: 'not_inside' });
    later(60);
    expect(await scanAt(gates.main, visitor, held.weekend)).toMatchObject({ verdict: 'accepted' });
    expect(await insideOn(lists.main)).toBe(1);
    expect(await scanAt(gates.main, visitor, held.weekend)).toMatchObject({ verdict: 'rejected', reason: 'already_used' });
    const main = (await presence()).lists.find((l: { id: string }) => l.id === lists.main);
    expect(main).toEqual({ id: lists.main, name: 'Main gate', inside: 1, entries: 2, exits: 1 });
    expect((await presence()).perMinute.filter((m: { listId: string }) => m.listId === lists.main).map((m: { entries: number; exits: number }) => [m.entries, m.exits]))
      .toEqual([[1, 0], [0, 1], [1, 0]]);
  });

  it('keeps check-ins per list: the same ticket gets in once at the entrance, which forbids re-entry', async () => {
    expect(await scanAt(gates.entrance, visitor, held.weekend)).toMatchObject({ verdict: 'accepted' });
    later(30);
    expect(await scanAt(gates.entrance, visitor, held.weekend, 'out')).toMatchObject({ verdict: 'accepted' });
    const again = await scanAt(gates.entrance, visitor, held.weekend);
    expect(again).toMatchObject({ verdict: 'rejected', reason: 'already_used', firstScan: { gate: 'door' } });
    const entrancePack = gateStateFromPack((await server.app.inject({ method: 'GET', url: '/api/v1/gate/pack', headers: bearer(gates.entrance) })).json());
    const mainPack = gateStateFromPack((await server.app.inject({ method: 'GET', url: '/api/v1/gate/pack', headers: bearer(gates.main) })).json());
    expect(entrancePack.subjects.get(held.weekend.id)?.state).toBe('checked_out');
    expect(mainPack.subjects.get(held.weekend.id)?.state).toBe('checked_in');
    expect(mainPack.subjects.get(held.parking.id)?.state).toBe('valid');
  });

  it('takes an exit and a quick re-entry at one gate in upload order, though a corrected clock put the re-entry a second "earlier"', async () => {
    later(60);
    const qr = async () => qrFor(held.parking.credential, visitor.privateKey, server.clock());
    expect(await uploadScan(server.app, gates.carPark, await qr(), { at: server.clock(), direction: 'out' })).toMatchObject({ verdict: 'accepted' });
    expect(await insideOn(lists.carPark)).toBe(0);
    const back = await uploadScan(server.app, gates.carPark, await qr(), { at: new Date(server.clock().getTime() - 1000) });
    expect(back).toMatchObject({ verdict: 'accepted' });
    expect(await insideOn(lists.carPark)).toBe(1);
  });

  it("tells a scanner its list's count", async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/v1/gate/presence', headers: bearer(gates.main) });
    expect(res.json()).toEqual({ list: { id: lists.main, name: 'Main gate' }, inside: 1, entries: 2, exits: 1 });
  });

  it('exports one list\'s entries and exits as CSV, with the direction', async () => {
    const res = await server.app.inject({ method: 'GET', url: `/api/v1/events/${eventId}/check-ins.csv?listId=${lists.main}`, headers: bearer(token) });
    expect(res.headers['content-disposition']).toBe('attachment; filename="night-of-tests-main-gate-check-ins.csv"');
    const lines = res.body.trim().split('\r\n').map((line) => line.split(','));
    expect(lines[0]).toEqual(['ticket', 'ticketTypeId', 'ticketType', 'kind', 'holderRef', 'list', 'direction', 'scannedAt', 'gate', 'device']);
    // The ticket by its handle in the holder list, never by its id.
    const [holder] = (await asOrganizer('GET', `/api/v1/events/${eventId}/holders`)).json().holders.filter((h: { tickets: number }) => h.tickets === 2);
    const handle = expect.toBeOneOf(holder.ticketHandles);
    expect(lines.slice(1).map((l) => [l[0], l[5], l[6], l[9]])).toEqual([
      [handle, 'Main gate', 'in', 'main gate'], [handle, 'Main gate', 'out', 'main gate'], [handle, 'Main gate', 'in', 'main gate'],
    ]);
    expect(res.body).not.toContain(held.weekend.id);
  });

  it('refuses a list naming a ticket type of another event, and a device bound to another tenant\'s list', async () => {
    const other = await publishedEvent(server.app, token);
    const foreignType = await asOrganizer('POST', `/api/v1/events/${eventId}/check-in-lists`, { name: 'Wrong', ticketTypeIds: [other.ticketTypeId] });
    expect(foreignType.statusCode).toBe(400);
    expect(foreignType.json().error.message).toBe(`ticketTypeIds: ${other.ticketTypeId} is not a ticket type of this event`);
    const stranger = await signUp(server.app, 'Stranger');
    const strangerEvent = await publishedEvent(server.app, stranger.token);
    const strangerList = await server.app.inject({
      method: 'POST', url: `/api/v1/events/${strangerEvent.eventId}/check-in-lists`, headers: bearer(stranger.token), payload: { name: 'Theirs', ticketTypeIds: null },
    });
    const bound = await asOrganizer('POST', `/api/v1/events/${eventId}/gate-devices`, { name: 'sneaky', checkInListId: strangerList.json().id });
    expect(bound.statusCode).toBe(404);
    expect(bound.json().error.message).toBe('check-in list not found');
    const devices = (await asOrganizer('GET', `/api/v1/events/${eventId}/gate-devices`)).json().devices;
    expect(devices.map((d: { name: string }) => d.name)).not.toContain('sneaky');
  });

  it('refuses to delete a list while a device scans for it, and deletes it once the device is moved', async () => {
    const refused = await server.app.inject({ method: 'DELETE', url: `/api/v1/events/${eventId}/check-in-lists/${lists.vip}`, headers: bearer(token) });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toEqual({ code: 'list_in_use', message: '1 gate device scans for this list; move it to another list first' });
    const devices = (await asOrganizer('GET', `/api/v1/events/${eventId}/gate-devices`)).json().devices;
    const vipDoor = devices.find((d: { name: string }) => d.name === 'vip door');
    expect(vipDoor.checkInListId).toBe(lists.vip);
    const moved = await asOrganizer('PATCH', `/api/v1/events/${eventId}/gate-devices/${vipDoor.id}`, { checkInListId: null });
    expect(moved.json()).toMatchObject({ checkInListId: null });
    const deleted = await server.app.inject({ method: 'DELETE', url: `/api/v1/events/${eventId}/check-in-lists/${lists.vip}`, headers: bearer(token) });
    expect(deleted.statusCode).toBe(204);
    const names = (await asOrganizer('GET', `/api/v1/events/${eventId}/check-in-lists`)).json().lists.map((l: { name: string }) => l.name);
    expect(names).not.toContain('VIP area');
    const entrance = (await asOrganizer('GET', `/api/v1/events/${eventId}/check-in-lists`)).json().lists[0];
    const defaults = await server.app.inject({ method: 'DELETE', url: `/api/v1/events/${eventId}/check-in-lists/${entrance.id}`, headers: bearer(token) });
    expect(defaults.statusCode).toBe(409);
  });
});
