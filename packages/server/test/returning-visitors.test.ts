import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/dialects.ts';
import { bearer, organizerRequest, publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { buyTickets } from './support/purchases.ts';
import { TestWallet } from './support/wallet.ts';

/**
 * Returning visitors under the organizer's own pseudonyms: 12 visitors at a first event, 11 of them
 * back at a second with 3 new ones. Every figure under 10 is null; a message to the first event's
 * visitors is marketing and reaches exactly those who agreed, until they withdraw.
 */
describe.each(dialects)('returning visitors and segments on $name', (dialect) => {
  let server: TestServer;
  let organizer: { organizerId: string; token: string };
  let first: { eventId: string; ticketTypeId: string };
  let second: { eventId: string; ticketTypeId: string };
  let visitors: TestWallet[];
  const asOrganizer = organizerRequest(() => server.app, () => organizer.token);
  const consent = (wallet: TestWallet, granted: boolean) =>
    wallet.request('POST', '/api/v1/me/consents', { organizerId: organizer.organizerId, purpose: 'marketing', granted });
  const inboxTitles = async (wallet: TestWallet) => (await wallet.request('GET', '/api/v1/me/inbox')).json().messages.map((m: { title: string }) => m.title);

  beforeAll(async () => {
    server = await startTestServer(dialect);
    organizer = await signUp(server.app, 'Lowlands');
    first = await publishedEvent(server.app, organizer.token, { capacity: 100 });
    second = await publishedEvent(server.app, organizer.token, { capacity: 100 });
    visitors = await Promise.all(Array.from({ length: 15 }, () => TestWallet.withAccount(server.app, server.clock)));
    for (const wallet of visitors.slice(0, 12)) await buyTickets(wallet, first, 1);
    for (const wallet of visitors.slice(1)) await buyTickets(wallet, second, 1);
    // A ticket revoked is no visit: one more phone, revoked at the first event, counts nowhere.
    const [ghost] = await buyTickets(await TestWallet.withAccount(server.app, server.clock), first, 1);
    const revoked = await asOrganizer('POST', `/api/v1/events/${first.eventId}/tickets/${ghost!.id}/revoke`, { reason: 'test' });
    expect(revoked.statusCode, revoked.body).toBe(200);
  });
  afterAll(() => server.stop());

  it('counts 15 visitors and 11 returning, hides the 4 single-event visitors, and shows an overlap of 11', async () => {
    const res = await asOrganizer('GET', '/api/v1/insights/returning');
    expect(res.statusCode).toBe(200);
    const insights = res.json();
    expect(insights).toMatchObject({ minimumGroup: 10, visitors: 15, returning: 11, addonBuyers: null });
    expect(insights.byEventCount).toEqual([
      { events: 1, visitors: null }, { events: 2, visitors: 11 }, { events: 3, visitors: null }, { events: 4, visitors: null }, { events: 5, orMore: true, visitors: null },
    ]);
    const [a, b] = [first.eventId, second.eventId].sort();
    expect(insights.overlap).toEqual([{ eventId: a, otherEventId: b, visitors: 11 }]);
    expect(insights.perEvent.map((e: { visitors: number; returning: number | null }) => [e.visitors, e.returning])).toEqual([[12, null], [14, 11]]);
    for (const wallet of visitors) expect(res.body).not.toContain(wallet.accountId);
    const audit = (await asOrganizer('GET', '/api/v1/audit-log')).json();
    expect(JSON.stringify(audit)).toContain('insights.returning');
  });

  it("reaches exactly the first event's visitors who agreed to marketing, and a withdrawal takes effect at once", async () => {
    const agreeing = visitors.slice(0, 10);
    for (const wallet of agreeing) expect((await consent(wallet, true)).statusCode).toBe(201);
    await consent(visitors[12]!, true); // agreed, but only went to the second event
    const audience = { heldEventIds: [first.eventId] };
    expect((await asOrganizer('POST', '/api/v1/audience', audience)).json()).toEqual({ recipients: 10 });

    await consent(agreeing[9]!, false);
    expect((await asOrganizer('POST', '/api/v1/audience', audience)).json()).toEqual({ recipients: null });
    const sent = await asOrganizer('POST', '/api/v1/messages', { title: 'Lowlands 2027 is on sale', body: 'Early birds first', audience });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json()).toMatchObject({ status: 'sent', recipients: 9 });
    for (const wallet of agreeing.slice(0, 9)) expect(await inboxTitles(wallet)).toContain('Lowlands 2027 is on sale');
    for (const wallet of [agreeing[9]!, ...visitors.slice(10)]) expect(await inboxTitles(wallet)).not.toContain('Lowlands 2027 is on sale');

    const inbox = (await agreeing[0]!.request('GET', '/api/v1/me/inbox')).json().messages[0];
    expect(inbox).toMatchObject({ eventId: null, organizerId: organizer.organizerId });
    const listed = (await asOrganizer('GET', '/api/v1/messages')).json().messages;
    expect(listed).toEqual([expect.objectContaining({ id: sent.json().id, eventId: null, marketing: true, recipients: 9, delivered: 9, audience })]);
    const exported = (await agreeing[0]!.request('GET', '/api/v1/me/export')).body;
    expect(exported).toContain('Lowlands 2027 is on sale');
  });

  it('narrows a segment by check-in and ticket type, and schedules a message to it', async () => {
    for (const wallet of visitors.slice(13)) await consent(wallet, true);
    const none = await asOrganizer('POST', '/api/v1/audience', { heldEventIds: [first.eventId], checkedIn: true });
    expect(none.json()).toEqual({ recipients: null });
    const byType = await asOrganizer('POST', '/api/v1/audience', { heldEventIds: [first.eventId, second.eventId], ticketTypeIds: [second.ticketTypeId] });
    // Agreeing holders of the second event's type: visitors 1-8, 12, 13 and 14.
    expect(byType.json()).toEqual({ recipients: 11 });
    const later = new Date(server.clock().getTime() + 3600_000).toISOString();
    const scheduled = await asOrganizer('POST', '/api/v1/messages', { title: 'Tomorrow', body: 'Soon', audience: { heldEventIds: [second.eventId] }, sendAt: later });
    expect(scheduled.json()).toMatchObject({ status: 'scheduled', recipients: 0 });
    const cancelled = await asOrganizer('POST', `/api/v1/messages/${scheduled.json().id}/cancel`);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
  });

  it('sends to nobody without an error when no one in the segment agreed', async () => {
    const other = await publishedEvent(server.app, organizer.token);
    const res = await asOrganizer('POST', '/api/v1/messages', { title: 'Hello', body: 'Nobody', audience: { heldEventIds: [other.eventId] } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'sent', recipients: 0 });
  });

  it("refuses another organizer's or an unknown event (404, never a count) and an empty segment (400), and shows another organizer nothing", async () => {
    const stranger = await signUp(server.app, 'Stranger');
    const theirs = (path: string, payload: object) => server.app.inject({ method: 'POST', url: path, headers: bearer(stranger.token), payload });
    const foreign = await theirs('/api/v1/audience', { heldEventIds: [first.eventId] });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toEqual({ error: { code: 'not_found', message: 'event not found' } });
    expect((await theirs('/api/v1/messages', { title: 'x', body: 'y', audience: { heldEventIds: [first.eventId] } })).statusCode).toBe(404);
    expect((await asOrganizer('POST', '/api/v1/audience', { heldEventIds: ['00000000-0000-4000-8000-000000000000'] })).statusCode).toBe(404);
    const empty = await asOrganizer('POST', '/api/v1/audience', { heldEventIds: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toMatch(/heldEventIds/);
    const strangerInsights = (await server.app.inject({ method: 'GET', url: '/api/v1/insights/returning', headers: bearer(stranger.token) })).json();
    expect(strangerInsights).toMatchObject({ visitors: null, returning: null, overlap: [], perEvent: [] });
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/messages', headers: bearer(stranger.token) })).json()).toEqual({ messages: [] });
  });
});
