import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64urlDecode, parseCredential } from '@ticketguard/protocol';
import { applyPaymentReport } from '../src/domain/payments/apply-payment.ts';
import { holderKeyOf } from '../src/domain/credentials/issue-credential.ts';
import { dialects } from './support/dialects.ts';
import { bearer, organizerRequest, publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { qrFor } from './support/presentations.ts';
import { buyTickets } from './support/purchases.ts';
import { uploadScan } from './support/scans.ts';
import { TestWallet } from './support/wallet.ts';

/** The smallest PNG there is: a 1x1 transparent pixel. */
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** What a new organizer, visitor and help desk needed for a first real event: one test per capability. */
describe.each(dialects)('a first real event: organizer, visitor and help desk, on $name', (dialect) => {
  let server: TestServer;
  let organizer: { organizerId: string; token: string };
  const asOrganizer = organizerRequest(() => server.app, () => organizer.token);

  beforeAll(async () => {
    server = await startTestServer(dialect);
    organizer = await signUp(server.app, 'Paradiso');
  });
  afterAll(() => server.stop());

  it('gives an event a description, a picture, a VAT rate, a sales link and a calendar file', async () => {
    const event = await publishedEvent(server.app, organizer.token);
    const edited = await asOrganizer('PATCH', `/api/v1/events/${event.eventId}`, { description: 'Doors, bands; a night out.', vatBasisPoints: 900 });
    expect(edited.json()).toMatchObject({ description: 'Doors, bands; a night out.', vatBasisPoints: 900, imageUrl: null, organizerName: 'Paradiso', salesUrl: `http://localhost:3000/wallet/e/${event.eventId}` });

    const put = (body: Buffer, type: string) => server.app.inject({ method: 'PUT', url: `/api/v1/events/${event.eventId}/image`, headers: { ...bearer(organizer.token), 'content-type': type }, payload: body });
    expect((await put(Buffer.from('not a picture at all'), 'image/png')).json().error).toMatchObject({ code: 'invalid_request', message: 'the body is not a PNG picture' });
    expect((await put(png, 'text/plain')).statusCode).toBe(415);
    const saved = await put(png, 'image/png');
    expect(saved.statusCode, saved.body).toBe(200);
    const publicView = (await server.app.inject({ method: 'GET', url: `/api/v1/events/${event.eventId}` })).json();
    expect(publicView.imageUrl).toBe(saved.json().imageUrl);
    const picture = await server.app.inject({ method: 'GET', url: publicView.imageUrl });
    expect(picture.headers['content-type']).toBe('image/png');
    expect(picture.rawPayload.equals(png)).toBe(true);

    const ics = await server.app.inject({ method: 'GET', url: `/api/v1/events/${event.eventId}/calendar.ics` });
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    expect(ics.body).toContain('SUMMARY:Night of Tests\r\n');
    expect(ics.body).toContain('DESCRIPTION:Doors\\, bands\\; a night out.\\n\\nOrganizer: Paradiso');
    expect(ics.body).toContain(`URL:http://localhost:3000/wallet/e/${event.eventId}`);
    expect(ics.body.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);

    expect((await asOrganizer('DELETE', `/api/v1/events/${event.eventId}/image`)).statusCode).toBe(204);
    expect((await server.app.inject({ method: 'GET', url: `/api/v1/events/${event.eventId}` })).json().imageUrl).toBeNull();
  });

  it('names the field and the rule of every refusal, for the apps to say it in their own words', async () => {
    const startsAt = new Date(Date.now() + 86_400_000).toISOString();
    const empty = await asOrganizer('POST', '/api/v1/events', { name: '', venue: 'Melkweg', startsAt, endsAt: startsAt });
    expect(empty.json().error).toMatchObject({ code: 'invalid_request', field: 'name', rule: 'minLength', limit: 1 });
    const missing = await asOrganizer('POST', '/api/v1/events', { venue: 'Melkweg', startsAt, endsAt: startsAt });
    expect(missing.json().error).toMatchObject({ field: 'name', rule: 'required' });
    const backwards = await asOrganizer('POST', '/api/v1/events', { name: 'Night', venue: 'Melkweg', startsAt, endsAt: startsAt });
    expect(backwards.json().error).toMatchObject({ message: 'endsAt must be after startsAt', field: 'endsAt' });
  });

  it("shows the buyer at once that a friend claimed a ticket, and takes the friend to it on a second visit", async () => {
    const event = await publishedEvent(server.app, organizer.token);
    const buyer = await TestWallet.withAccount(server.app, server.clock);
    const [ticket] = await buyTickets(buyer, event, 1);
    const { claimToken } = (await buyer.request('POST', `/api/v1/tickets/${ticket!.id}/claim-links`)).json();
    const open = (await buyer.request('GET', '/api/v1/me/tickets')).json();
    expect(open.tickets[0]).toMatchObject({ id: ticket!.id, ref: expect.stringMatching(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/), claimLink: { expiresAt: expect.any(String) } });
    expect(open.handedOn).toEqual([]);

    const friend = await TestWallet.withAccount(server.app, server.clock);
    const first = await friend.request('POST', '/api/v1/claims', { claimToken });
    expect(first.statusCode).toBe(200);
    const mine = (await buyer.request('GET', '/api/v1/me/tickets')).json();
    expect(mine.tickets).toEqual([]);
    expect(mine.handedOn).toEqual([{ id: ticket!.id, ref: open.tickets[0].ref, eventId: event.eventId, ticketTypeId: event.ticketTypeId, kind: 'admission', reason: 'claim', handedOnAt: expect.any(String) }]);

    const again = await friend.request('POST', '/api/v1/claims', { claimToken });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().ticket).toEqual(first.json().ticket);
    const stranger = await TestWallet.withAccount(server.app, server.clock);
    expect((await stranger.request('POST', '/api/v1/claims', { claimToken })).json().error.code).toBe('already_claimed');
  });

  it('lets a buyer cancel a pending order, gives its seats back at once, and refunds a payment that comes anyway', async () => {
    const event = await publishedEvent(server.app, organizer.token, { capacity: 5 });
    const available = async () => (await server.app.inject({ method: 'GET', url: `/api/v1/events/${event.eventId}` })).json().ticketTypes[0].available;
    const buyer = await TestWallet.withAccount(server.app, server.clock);
    const placed = (await buyer.request('POST', '/api/v1/orders', { eventId: event.eventId, items: [{ ticketTypeId: event.ticketTypeId, quantity: 3 }] })).json().order;
    expect(await available()).toBe(2);
    const cancelled = await buyer.request('POST', `/api/v1/orders/${placed.id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().order).toMatchObject({ status: 'expired', statusReason: 'cancelled' });
    expect(await available()).toBe(5);
    expect((await buyer.request('POST', `/api/v1/orders/${placed.id}/cancel`)).statusCode).toBe(409);
    const other = await TestWallet.withAccount(server.app, server.clock);
    expect((await other.request('POST', `/api/v1/orders/${placed.id}/cancel`)).statusCode).toBe(404);

    await applyPaymentReport(server.ctx, placed.id, { reference: 'tr_late', status: 'paid', amountCents: placed.totalCents, currency: 'EUR' });
    const after = (await buyer.request('GET', `/api/v1/orders/${placed.id}`)).json().order;
    expect(after).toMatchObject({ status: 'refunded', statusReason: 'cancelled', tickets: [] });
    expect(await available()).toBe(5);
  });

  it('gives every order a receipt: items by name, the VAT included, when it was paid', async () => {
    const event = await publishedEvent(server.app, organizer.token, { priceCents: 2180 });
    await asOrganizer('PATCH', `/api/v1/events/${event.eventId}`, { vatBasisPoints: 900 });
    const buyer = await TestWallet.withAccount(server.app, server.clock);
    await buyTickets(buyer, event, 2);
    const [receipt] = (await buyer.request('GET', '/api/v1/me/orders')).json().orders;
    expect(receipt.order).toMatchObject({
      eventName: 'Night of Tests', totalCents: 4360, paidAt: expect.any(String), vat: { basisPoints: 900, cents: 360 },
      items: [{ ticketTypeId: event.ticketTypeId, name: 'Standing', kind: 'admission', quantity: 2, unitPriceCents: 2180 }],
    });
  });

  it('finds a ticket by the reference read out at the desk, lets it in by hand (audited), and never shows a holder', async () => {
    const event = await publishedEvent(server.app, organizer.token);
    const visitor = await TestWallet.withAccount(server.app, server.clock);
    const [ticket] = await buyTickets(visitor, event, 1);
    const ref = (await visitor.request('GET', '/api/v1/me/tickets')).json().tickets[0].ref as string;
    const typed = ref.toLowerCase().replace('-', ' ').replace(/0/g, 'o').replace(/1/g, 'l');
    const found = await asOrganizer('GET', `/api/v1/desk/tickets?ref=${encodeURIComponent(typed)}`);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().tickets).toEqual([expect.objectContaining({ id: ticket!.id, ref, eventName: 'Night of Tests', ticketTypeName: 'Standing', state: 'valid', insideOn: [], history: [{ at: expect.any(String), what: 'issued' }] })]);
    expect(JSON.stringify(found.json())).not.toContain(visitor.accountId);
    expect((await asOrganizer('GET', '/api/v1/desk/tickets?ref=K7PQ2')).json().error).toMatchObject({ code: 'invalid_request', field: 'ref' });
    const stranger = await signUp(server.app, 'Elsewhere');
    expect((await asOrganizer('GET', `/api/v1/desk/tickets?ref=${ref}`, undefined, stranger.token)).json().tickets).toEqual([]);

    const byHand = await asOrganizer('POST', `/api/v1/desk/tickets/${ticket!.id}/check-in`, { reason: 'phone battery dead, ID seen' });
    expect(byHand.statusCode, byHand.body).toBe(200);
    expect(byHand.json().ticket).toMatchObject({ state: 'checked_in', insideOn: [{ name: 'Entrance' }] });
    expect(byHand.json().ticket.history.at(-1)).toMatchObject({ what: 'checked_in_by_hand', list: 'Entrance', note: 'phone battery dead, ID seen' });
    expect((await asOrganizer('POST', `/api/v1/desk/tickets/${ticket!.id}/check-in`, { reason: 'again' })).statusCode).toBe(409);
    // The gate knows at once: the ticket's QR is refused as used.
    const gate = (await asOrganizer('POST', `/api/v1/events/${event.eventId}/gate-devices`, { name: 'door' })).json().token;
    expect(await uploadScan(server.app, gate, await qrFor(ticket!.credential, visitor.privateKey, server.clock()), { at: server.clock() })).toMatchObject({ verdict: 'rejected', reason: 'already_used' });
    const audit = (await asOrganizer('GET', '/api/v1/audit-log')).json().entries.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['desk.lookup', 'desk.check_in']));
    const devices = (await asOrganizer('GET', `/api/v1/events/${event.eventId}/gate-devices`)).json().devices.map((d: { name: string }) => d.name);
    expect(devices).toEqual(['door']);
  });

  it('stops a lost claim link from the desk and asks the holder to share the ticket again, sending nothing else', async () => {
    const event = await publishedEvent(server.app, organizer.token);
    const buyer = await TestWallet.withAccount(server.app, server.clock);
    const [ticket] = await buyTickets(buyer, event, 1);
    const { claimToken } = (await buyer.request('POST', `/api/v1/tickets/${ticket!.id}/claim-links`)).json();
    const sent = await asOrganizer('POST', `/api/v1/desk/tickets/${ticket!.id}/claim-link`, {});
    expect(sent.json()).toEqual({ sentTo: 'holder', linkStopped: true });
    const friend = await TestWallet.withAccount(server.app, server.clock);
    expect((await friend.request('POST', '/api/v1/claims', { claimToken })).statusCode).toBe(404);
    const [message] = (await buyer.request('GET', '/api/v1/me/inbox?lang=nl')).json().messages;
    expect(message).toMatchObject({ title: 'Deel je ticket opnieuw: Night of Tests', eventId: event.eventId });
    expect(message.body).toContain((await buyer.request('GET', '/api/v1/me/tickets')).json().tickets[0].ref);
  });

  it('exports a readable document (tickets with their event, questions with answers, messages with text, no ids); choices read as labels', async () => {
    const event = await publishedEvent(server.app, organizer.token);
    const visitor = await TestWallet.withAccount(server.app, server.clock);
    await buyTickets(visitor, event, 1);
    const question = (await asOrganizer('POST', '/api/v1/profile-questions', {
      text: { nl: 'Welke muziek?', en: 'Which music?' }, purpose: 'To plan next year', moment: 'after_purchase', answerType: 'multiple',
      options: [{ label: { nl: 'Pop', en: 'Pop' } }, { label: { nl: 'Dans', en: 'Dance' } }],
    })).json().id;
    await visitor.request('POST', '/api/v1/me/consents', { organizerId: organizer.organizerId, purpose: 'To plan next year', granted: true });
    expect((await visitor.request('POST', '/api/v1/me/answers', { questionId: question, answer: ['pop', 'dance'] })).statusCode).toBe(201);
    await asOrganizer('POST', `/api/v1/events/${event.eventId}/messages`, { title: 'Doors open', body: 'Come in from 19:00.' });

    const exported = await visitor.request('GET', '/api/v1/me/export?format=readable&lang=nl');
    expect(exported.statusCode).toBe(200);
    const document = exported.json();
    expect(document.tickets).toEqual([expect.objectContaining({ event: 'Night of Tests', venue: 'Melkweg', ticketType: 'Standing', state: 'valid' })]);
    expect(document.answers).toEqual([expect.objectContaining({ organizer: 'Paradiso', question: 'Welke muziek?', answer: 'Pop, Dans', purpose: 'To plan next year' })]);
    expect(document.messages).toEqual([expect.objectContaining({ from: 'Paradiso', event: 'Night of Tests', title: 'Doors open', text: 'Come in from 19:00.' })]);
    expect(document.consents).toContainEqual(expect.objectContaining({ organizer: 'Paradiso', purpose: 'To plan next year', given: true }));
    expect(exported.body).not.toMatch(uuid);
    // The organizer reads a choice answer as its labels too.
    const [holder] = (await asOrganizer('GET', `/api/v1/events/${event.eventId}/holders?lang=nl`)).json().holders;
    expect(holder.profile).toEqual({ to_plan_next_year: 'Pop, Dans' });
    expect((await visitor.request('GET', '/api/v1/me/export')).json().format).toBe('ticketguard-account-export/1');
  });

  it("binds an organizer's credentials to the wallet's key for that organizer alone, so two organizers' gates cannot link a visitor", async () => {
    const other = await signUp(server.app, 'Tivoli');
    const here = await publishedEvent(server.app, organizer.token);
    const there = await publishedEvent(server.app, other.token);
    const visitor = await TestWallet.withAccount(server.app, server.clock);
    const [ticketHere] = await buyTickets(visitor, here, 1);
    const [ticketThere] = await buyTickets(visitor, there, 1);
    const keyOf = (credential: string) => Buffer.from(parseCredential(base64urlDecode(credential)).holderKey).toString('hex');
    expect(keyOf(ticketHere!.credential)).toBe(keyOf(ticketThere!.credential));

    const presentation = await visitor.newPresentationKey();
    const { jwk } = presentation;
    const signFor = (organizerId: string) => presentation.bodyFor(organizerId).signature;
    const register = (organizerId: string, body: object) => visitor.request('PUT', `/api/v1/me/presentation-keys/${organizerId}`, body);
    // A signature made for another organizer, or by another key, proves nothing here.
    expect((await register(organizer.organizerId, { jwk, signature: signFor(other.organizerId) })).json().error).toMatchObject({ code: 'invalid_signature', field: 'signature' });
    const registered = await register(organizer.organizerId, { jwk, signature: signFor(organizer.organizerId) });
    expect(registered.statusCode, registered.body).toBe(200);
    expect(registered.json()).toMatchObject({ organizerId: organizer.organizerId, tickets: 1, vouchers: 0 });
    expect((await register(other.organizerId, { jwk, signature: signFor(other.organizerId) })).json().error).toMatchObject({ field: 'jwk' });

    const held = (await visitor.request('GET', '/api/v1/me/tickets')).json().tickets as { id: string; seq: number; credential: string }[];
    const nowHere = held.find((t) => t.id === ticketHere!.id)!;
    const nowThere = held.find((t) => t.id === ticketThere!.id)!;
    expect(nowHere.seq).toBe(2);
    expect(keyOf(nowHere.credential)).toBe(Buffer.from(holderKeyOf(jwk)).toString('hex'));
    expect(nowThere).toMatchObject({ seq: 1, credential: ticketThere!.credential });
    // A new ticket of that organizer binds the presentation key from the start.
    const [later] = (await buyTickets(visitor, here, 1)).filter((t) => t.id !== ticketHere!.id);
    expect(keyOf(later!.credential)).toBe(keyOf(nowHere.credential));

    const gate = (await asOrganizer('POST', `/api/v1/events/${here.eventId}/gate-devices`, { name: 'door' })).json().token;
    expect(await uploadScan(server.app, gate, await qrFor(ticketHere!.credential, visitor.privateKey, server.clock()), { at: server.clock() })).toMatchObject({ verdict: 'rejected', reason: 'superseded' });
    expect(await uploadScan(server.app, gate, await qrFor(nowHere.credential, visitor.privateKey, server.clock()), { at: server.clock() })).toMatchObject({ verdict: 'rejected', reason: 'bad_holder_signature' });
    expect(await uploadScan(server.app, gate, await qrFor(nowHere.credential, presentation.privateKey, server.clock()), { at: server.clock() })).toMatchObject({ verdict: 'accepted' });
    expect((await visitor.request('GET', '/api/v1/me/presentation-keys')).json().keys).toEqual([{ organizerId: organizer.organizerId, thumbprint: expect.any(String), registeredAt: expect.any(String) }]);
  });
});
