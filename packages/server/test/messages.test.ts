import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../src/jobs/run-jobs.ts';
import { dialects } from './support/dialects.ts';
import { organizerRequest, publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { buyTickets, checkIn } from './support/purchases.ts';
import { TestWallet } from './support/wallet.ts';

describe.each(dialects)('messages to ticket holders on $name', (dialect) => {
  let server: TestServer;
  let organizer: Awaited<ReturnType<typeof signUp>>;
  let event: { eventId: string; ticketTypeId: string };
  let balconyId: string;
  // Two standing tickets; one balcony ticket; one standing ticket already checked in; a ticket to another event.
  let standing: TestWallet, balcony: TestWallet, inside: TestWallet, elsewhere: TestWallet;
  let otherEvent: { eventId: string; ticketTypeId: string };

  const asOrganizer = organizerRequest(() => server.app, () => organizer.token);
  const send = (payload: object, eventId = event.eventId) => asOrganizer('POST', `/api/v1/events/${eventId}/messages`, payload);
  const listed = async (eventId = event.eventId) => (await asOrganizer('GET', `/api/v1/events/${eventId}/messages`)).json().messages;
  const inbox = async (wallet: TestWallet) => (await wallet.request('GET', '/api/v1/me/inbox')).json().messages as { id: string; title: string; sentAt: string; eventId: string }[];
  const has = async (wallet: TestWallet, title: string) => (await inbox(wallet)).filter((m) => m.title === title).length;
  const wallet = () => TestWallet.withAccount(server.app, server.clock);
  const gateDevice = async (eventId: string) => (await asOrganizer('POST', `/api/v1/events/${eventId}/gate-devices`, { name: 'main' })).json().token as string;

  async function eventStartingIn(seconds: number) {
    const startsAt = new Date(server.clock().getTime() + seconds * 1000);
    const created = await asOrganizer('POST', '/api/v1/events', {
      name: 'Soon', venue: 'Paradiso', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
    });
    const eventId = created.json().id as string;
    const type = await asOrganizer('POST', `/api/v1/events/${eventId}/ticket-types`, { name: 'GA', priceCents: 2000, currency: 'EUR', capacity: 50 });
    await asOrganizer('POST', `/api/v1/events/${eventId}/publish`);
    return { eventId, ticketTypeId: type.json().id as string, startsAt };
  }

  beforeAll(async () => {
    server = await startTestServer(dialect);
    organizer = await signUp(server.app);
    event = await publishedEvent(server.app, organizer.token);
    balconyId = (await asOrganizer('POST', `/api/v1/events/${event.eventId}/ticket-types`, { name: 'Balcony', priceCents: 5000, currency: 'EUR', capacity: 20 })).json().id;
    otherEvent = await publishedEvent(server.app, organizer.token);
    [standing, balcony, inside, elsewhere] = [await wallet(), await wallet(), await wallet(), await wallet()];
    await buyTickets(standing, event, 2);
    await buyTickets(balcony, { eventId: event.eventId, ticketTypeId: balconyId }, 1);
    const [ticket] = await buyTickets(inside, event, 1);
    expect(await checkIn(server.app, await gateDevice(event.eventId), inside, ticket!, server.clock())).toMatchObject({ verdict: 'accepted' });
    await buyTickets(elsewhere, otherEvent, 1);
  });
  afterAll(() => server.stop());

  it('sends now to every holder of the event, once per account, and to no one else', async () => {
    const res = await send({ title: 'Doors open at 19:00', body: 'See you soon.' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ id: expect.any(String), status: 'sent', recipients: 3 });
    for (const w of [standing, balcony, inside]) expect(await has(w, 'Doors open at 19:00')).toBe(1);
    expect(await has(elsewhere, 'Doors open at 19:00')).toBe(0);
    const [message] = await inbox(standing);
    expect(message).toEqual({ id: res.json().id, title: 'Doors open at 19:00', body: 'See you soon.', sentAt: server.clock().toISOString(), eventId: event.eventId, organizerId: organizer.organizerId, organizerName: expect.any(String), marketing: false });
    // No check-in message is armed, so the check-in in beforeAll queued no job.
    const queued = await server.storage.db.selectFrom('jobs').select('id').where('kind', '=', 'message.checkin').execute();
    expect(queued).toHaveLength(0);
  });

  it("reads in each visitor's language where the organizer wrote it, and in the message's own text otherwise", async () => {
    const translations = { nl: { title: 'Deuren open', body: 'Kom binnen.' }, en: { title: 'Doors open', body: 'Come in.' } };
    const res = await send({ title: 'Doors open', body: 'Come in.', translations });
    expect(res.statusCode).toBe(201);
    const read = async (query: string, headers: Record<string, string> = {}) =>
      (await standing.request('GET', `/api/v1/me/inbox${query}`, undefined, headers)).json().messages.find((m: { id: string }) => m.id === res.json().id);
    expect(await read('?lang=nl')).toMatchObject({ title: 'Deuren open', body: 'Kom binnen.' });
    expect(await read('?lang=en')).toMatchObject({ title: 'Doors open', body: 'Come in.' });
    expect(await read('', { 'accept-language': 'nl-NL,nl;q=0.9' })).toMatchObject({ title: 'Deuren open' });
    expect((await listed()).find((m: { id: string }) => m.id === res.json().id)).toMatchObject({ title: 'Doors open', translations });
    // Written in Dutch only: an English reader gets the Dutch text rather than nothing.
    const dutch = await send({ title: 'Pauze', body: 'Twintig minuten.', translations: { nl: { title: 'Pauze', body: 'Twintig minuten.' } } });
    expect((await standing.request('GET', '/api/v1/me/inbox?lang=en')).json().messages.find((m: { id: string }) => m.id === dutch.json().id)).toMatchObject({ title: 'Pauze' });
    expect((await standing.request('GET', '/api/v1/me/inbox?lang=de')).statusCode).toBe(400);
  });

  it('narrows the audience by ticket type and by check-in', async () => {
    const cases: [object, TestWallet[]][] = [
      [{ ticketTypeIds: [balconyId] }, [balcony]],
      [{ checkedIn: true }, [inside]],
      [{ checkedIn: false }, [standing, balcony]],
      [{ ticketTypeIds: [event.ticketTypeId], checkedIn: false }, [standing]],
    ];
    for (const [i, [audience, expected]] of cases.entries()) {
      const title = `audience ${i}`;
      const res = await send({ title, body: 'x', audience });
      expect(res.json().recipients, JSON.stringify(audience)).toBe(expected.length);
      for (const w of [standing, balcony, inside, elsewhere]) expect(await has(w, title), `${title} ${JSON.stringify(audience)}`).toBe(expected.includes(w) ? 1 : 0);
    }
  });

  it("keeps another tenant's event out with 404, and asks for a token", async () => {
    const stranger = await signUp(server.app, 'Other tenant');
    expect((await asOrganizer('POST', `/api/v1/events/${event.eventId}/messages`, { title: 't', body: 'b' }, stranger.token)).statusCode).toBe(404);
    expect((await asOrganizer('GET', `/api/v1/events/${event.eventId}/messages`, undefined, stranger.token)).statusCode).toBe(404);
    const anonymous = await server.app.inject({ method: 'POST', url: `/api/v1/events/${event.eventId}/messages`, payload: { title: 't', body: 'b' } });
    expect(anonymous.statusCode).toBe(401);
  });

  it('refuses bad bodies with 400 naming the field', async () => {
    const later = new Date(server.clock().getTime() + 3_600_000).toISOString();
    const cases: [object, RegExp][] = [
      [{ body: 'b' }, /title is required/],
      [{ title: 'x'.repeat(121), body: 'b' }, /body\.title/],
      [{ title: 't', body: '' }, /body\.body/],
      [{ title: 't', body: 'x'.repeat(2001) }, /body\.body/],
      [{ title: 't', body: 'b', sendAt: later, trigger: { type: 'checkin' } }, /sendAt and trigger/],
      [{ title: 't', body: 'b', sendAt: new Date(server.clock().getTime() - 1000).toISOString() }, /sendAt must be in the future/],
      [{ title: 't', body: 'b', sendAt: 'tomorrow' }, /body\.sendAt/],
      [{ title: 't', body: 'b', trigger: { type: 'before_start', minutes: 0 } }, /body\.trigger/],
      [{ title: 't', body: 'b', trigger: { type: 'before_start', minutes: 10081 } }, /body\.trigger/],
      [{ title: 't', body: 'b', trigger: { type: 'sometime' } }, /body\.trigger\.type/],
      [{ title: 't', body: 'b', trigger: { type: 'before_start' } }, /trigger\.minutes is required/],
      [{ title: 't', body: 'b', trigger: { type: 'checkin', minutes: 5 } }, /trigger\.minutes is only for/],
      [{ title: 't', body: 'b', audience: { ticketTypeIds: ['not-a-uuid'] } }, /body\.audience\.ticketTypeIds\[0\]/],
      [{ title: 't', body: 'b', audience: { ticketTypeIds: [event.ticketTypeId, otherEvent.ticketTypeId] } }, /audience\.ticketTypeIds\[1\] is not a ticket type of this event/],
      [{ title: 't', body: 'b', audience: { vip: true } }, /vip is not a known field/],
      [{ title: 't', body: 'b', trigger: { type: 'checkin' }, audience: { checkedIn: false } }, /audience\.checkedIn/],
      [{ title: 't', body: 'b', translations: { nl: { title: 'Hallo' } } }, /body\.translations\.nl\.body is required/],
      [{ title: 't', body: 'b', translations: { de: { title: 'Hallo', body: 'Welt' } } }, /de is not a known field/],
      [{ title: 't', body: 'b', translations: { en: { title: '', body: 'b' } } }, /body\.translations\.en\.title/],
    ];
    for (const [payload, message] of cases) {
      const res = await send(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error, JSON.stringify(payload)).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(message) });
    }
    expect((await send({ title: 't', body: 'b', marketing: 'yes' })).json().error.message).toMatch(/body\.marketing/);
    expect((await listed()).filter((m: { title: string }) => m.title === 't')).toHaveLength(0);
  });

  it('sends a scheduled message exactly once, when its time comes, even with two processes', async () => {
    const sendAt = new Date(server.clock().getTime() + 3_600_000).toISOString();
    const res = await send({ title: 'One hour later', body: 'b', sendAt });
    expect(res.json()).toMatchObject({ status: 'scheduled', recipients: 0 });
    await runDueJobs(server.ctx);
    expect(await has(standing, 'One hour later')).toBe(0);

    const late = await wallet(); // buys after the message was scheduled: holders count when it goes out
    await buyTickets(late, event, 1);
    server.clock.advance(3601);
    const other = await server.sibling();
    try {
      // PostgreSQL: both processes race for the job. SQLite: one process file-locks the other out,
      // which in one test process would block the event loop, so they take turns.
      if (dialect.name === 'postgres') await Promise.all([runDueJobs(server.ctx), runDueJobs(other.ctx)]);
      else for (const ctx of [server.ctx, other.ctx]) await runDueJobs(ctx);
    } finally {
      await other.stop();
    }
    await runDueJobs(server.ctx);
    for (const w of [standing, balcony, inside, late]) expect(await has(w, 'One hour later')).toBe(1);
    const message = (await listed()).find((m: { id: string }) => m.id === res.json().id);
    expect(message).toMatchObject({ status: 'sent', recipients: 4, sendAt, sentAt: server.clock().toISOString(), trigger: { type: 'at' } });
  });

  it('cancels a scheduled message: it never goes out, and a sent one cannot be cancelled', async () => {
    const res = await send({ title: 'Never', body: 'b', sendAt: new Date(server.clock().getTime() + 60_000).toISOString() });
    const cancel = (id: string) => asOrganizer('POST', `/api/v1/events/${event.eventId}/messages/${id}/cancel`);
    expect((await cancel(res.json().id)).json()).toMatchObject({ status: 'cancelled' });
    server.clock.advance(61);
    await runDueJobs(server.ctx);
    expect(await has(standing, 'Never')).toBe(0);
    expect((await cancel(res.json().id)).statusCode).toBe(409);
    const sent = await send({ title: 'Sent', body: 'b' });
    expect((await cancel(sent.json().id)).json().error).toMatchObject({ code: 'invalid_state' });
  });

  it('sends a before-start message relative to the start, and follows the start when it moves', async () => {
    const soon = await eventStartingIn(2 * 3600);
    const holder = await wallet();
    await buyTickets(holder, soon, 1);
    const tooEarly = await send({ title: 't', body: 'b', trigger: { type: 'before_start', minutes: 121 } }, soon.eventId);
    expect(tooEarly.json().error.message).toMatch(/trigger\.minutes/);

    const res = await send({ title: 'Starts in 30 minutes', body: 'b', trigger: { type: 'before_start', minutes: 30 } }, soon.eventId);
    expect(res.json()).toMatchObject({ status: 'scheduled', recipients: 0 });
    const sendAt = (start: Date) => new Date(start.getTime() - 30 * 60_000).toISOString();
    expect((await listed(soon.eventId))[0]).toMatchObject({ sendAt: sendAt(soon.startsAt), trigger: { type: 'before_start', minutes: 30 } });

    const moved = new Date(soon.startsAt.getTime() + 3600_000);
    const patch = await asOrganizer('PATCH', `/api/v1/events/${soon.eventId}`, { startsAt: moved.toISOString(), endsAt: new Date(moved.getTime() + 3_600_000).toISOString() });
    expect(patch.statusCode).toBe(200);
    expect((await listed(soon.eventId))[0]).toMatchObject({ sendAt: sendAt(moved) });

    server.clock.advance(2 * 3600); // past the first send time, 30 minutes before the second
    await runDueJobs(server.ctx);
    expect(await has(holder, 'Starts in 30 minutes')).toBe(0);
    server.clock.advance(30 * 60 + 1);
    await runDueJobs(server.ctx);
    expect(await has(holder, 'Starts in 30 minutes')).toBe(1);
  });

  it('delivers a check-in message to each holder as they get in, once', async () => {
    const night = await publishedEvent(server.app, organizer.token);
    const gate = await gateDevice(night.eventId);
    const [early, first, second] = [await wallet(), await wallet(), await wallet()];
    const [earlyTicket] = await buyTickets(early, night, 1);
    const [a, b] = await buyTickets(first, night, 2);
    const [c] = await buyTickets(second, night, 1);
    expect(await checkIn(server.app, gate, early, earlyTicket!, server.clock())).toMatchObject({ verdict: 'accepted' });

    const res = await send({ title: 'Welcome in', body: 'Free coat check tonight.', trigger: { type: 'checkin' } }, night.eventId);
    expect(res.json()).toMatchObject({ status: 'scheduled', recipients: 0 });
    await checkIn(server.app, gate, first, a!, server.clock());
    await runDueJobs(server.ctx);
    expect(await has(first, 'Welcome in')).toBe(1);
    expect(await has(second, 'Welcome in')).toBe(0);
    expect(await has(early, 'Welcome in')).toBe(0); // got in before the message existed

    await checkIn(server.app, gate, first, b!, server.clock()); // a second ticket of the same holder
    await checkIn(server.app, gate, second, c!, server.clock());
    await runDueJobs(server.ctx);
    expect(await has(first, 'Welcome in')).toBe(1);
    expect(await has(second, 'Welcome in')).toBe(1);
    expect((await listed(night.eventId))[0]).toMatchObject({ status: 'scheduled', recipients: 2, trigger: { type: 'checkin' } });
  });

  it('lets a handed-on ticket take later messages with it', async () => {
    const gig = await publishedEvent(server.app, organizer.token);
    const [buyer, friend] = [await wallet(), await wallet()];
    const [ticket] = await buyTickets(buyer, gig, 1);
    await send({ title: 'Before the hand-on', body: 'b' }, gig.eventId);
    const link = (await buyer.request('POST', `/api/v1/tickets/${ticket!.id}/claim-links`)).json();
    expect((await friend.request('POST', '/api/v1/claims', { claimToken: link.claimToken })).statusCode).toBe(200);
    const after = await send({ title: 'After the hand-on', body: 'b' }, gig.eventId);
    expect(after.json().recipients).toBe(1);
    expect((await inbox(buyer)).map((m) => m.title)).toEqual(['Before the hand-on']);
    expect((await inbox(friend)).map((m) => m.title)).toEqual(['After the hand-on']);
  });

  it('shows each visitor only their own inbox, newest first', async () => {
    await send({ title: 'For the other event', body: 'b' }, otherEvent.eventId);
    server.clock.advance(1);
    await send({ title: 'Newest', body: 'b' }, otherEvent.eventId);
    expect((await inbox(elsewhere)).map((m) => m.title)).toEqual(['Newest', 'For the other event']);
    const mine = await inbox(standing);
    expect(mine.every((m) => m.eventId === event.eventId)).toBe(true);
    expect(mine.map((m) => m.sentAt)).toEqual([...mine.map((m) => m.sentAt)].sort().reverse());
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/me/inbox' })).statusCode).toBe(401);
  });

  it("exports an account's inbox, and erasing the account erases its inbox", async () => {
    const gig = await publishedEvent(server.app, organizer.token);
    const visitor = await wallet();
    await buyTickets(visitor, gig, 1);
    const sent = await send({ title: 'Yours to keep or erase', body: 'b' }, gig.eventId);
    const exported = (await visitor.request('GET', '/api/v1/me/export')).json();
    expect(exported.inbox).toEqual([expect.objectContaining({ message_id: sent.json().id, title: 'Yours to keep or erase', body: 'b', event_id: gig.eventId })]);
    expect((await visitor.request('DELETE', '/api/v1/me')).statusCode).toBe(204);
    const left = await server.storage.db.selectFrom('inbox').select('account_id').where('message_id', '=', sent.json().id).execute();
    expect(left).toEqual([]);
    expect(await inbox(visitor)).toEqual([]); // the phone goes on under a fresh account, with an empty inbox
  });
});
