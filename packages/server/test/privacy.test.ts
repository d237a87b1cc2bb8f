import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpiredAnswers } from '../src/domain/privacy/retention.ts';
import { dialects } from './support/dialects.ts';
import { bearer, publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { qrFor } from './support/presentations.ts';
import { buyTickets } from './support/purchases.ts';
import { uploadScan } from './support/scans.ts';
import { TestWallet } from './support/wallet.ts';

describe.each(dialects)('privacy by design on $name', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(() => server.stop());

  const get = (token: string, url: string) => server.app.inject({ method: 'GET', url, headers: bearer(token) });
  async function holderOf(organizer: { token: string }, wallet: TestWallet) {
    const event = await publishedEvent(server.app, organizer.token);
    await buyTickets(wallet, event, 1);
    return event;
  }
  async function question(organizer: { token: string }, body: object) {
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/profile-questions', headers: bearer(organizer.token), payload: body });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  }
  const answer = (wallet: TestWallet, questionId: string, text: string) => wallet.request('POST', '/api/v1/me/answers', { questionId, answer: text });

  it('shows two organizers different pseudonyms for the same phone, and never its account id', async () => {
    const [a, b] = [await signUp(server.app, 'A'), await signUp(server.app, 'B')];
    const phone = await TestWallet.withAccount(server.app, server.clock);
    const [eventA, eventB] = [await holderOf(a, phone), await holderOf(b, phone)];
    const refA = (await get(a.token, `/api/v1/events/${eventA.eventId}/holders`)).json().holders;
    const refB = (await get(b.token, `/api/v1/events/${eventB.eventId}/holders`)).json().holders;
    const ticketOfA = (await phone.request('GET', '/api/v1/me/tickets')).json().tickets.find((t: { eventId: string }) => t.eventId === eventA.eventId).id;
    expect(refA).toEqual([{ holderRef: expect.any(String), tickets: 1, ticketHandles: [expect.any(String)], checkedIn: 0, profile: {} }]);
    expect(JSON.stringify(refA)).not.toContain(ticketOfA);
    expect(refA[0].holderRef).not.toBe(refB[0].holderRef);
    expect(JSON.stringify([refA, refB])).not.toContain(phone.accountId);
    expect((await get(b.token, `/api/v1/events/${eventA.eventId}/holders`)).statusCode).toBe(404);
  });

  it('lists a handle for each ticket a holder holds now, so that the organizer can revoke any of them without seeing ticket ids', async () => {
    const organizer = await signUp(server.app);
    const event = await publishedEvent(server.app, organizer.token);
    const phone = await TestWallet.withAccount(server.app, server.clock);
    const tickets = await buyTickets(phone, event, 2);
    const holders = async () => (await get(organizer.token, `/api/v1/events/${event.eventId}/holders`)).json().holders;
    const [holder] = await holders();
    expect(holder).toMatchObject({ tickets: 2, ticketHandles: [expect.any(String), expect.any(String)] });
    for (const ticket of tickets) expect(holder.ticketHandles).not.toContain(ticket.id);
    const revoke = await server.app.inject({ method: 'POST', url: `/api/v1/events/${event.eventId}/tickets/${holder.ticketHandles[0]}/revoke`, headers: bearer(organizer.token), payload: { reason: 'fraud' } });
    expect(revoke.statusCode).toBe(200);
    expect(await holders()).toMatchObject([{ tickets: 1, ticketHandles: [holder.ticketHandles[1]] }]);
    expect((await phone.request('GET', '/api/v1/me/tickets')).json().tickets.map((t: { state: string }) => t.state).sort()).toEqual(['revoked', 'valid']);
  });

  it('leaves nothing that links a holder before and after an erasure: a new pseudonym and new ticket handles', async () => {
    const organizer = await signUp(server.app);
    const event = await publishedEvent(server.app, organizer.token);
    const phone = await TestWallet.withAccount(server.app, server.clock);
    await buyTickets(phone, event, 2);
    const holders = async () => (await get(organizer.token, `/api/v1/events/${event.eventId}/holders`)).json().holders;
    const [before] = await holders();
    expect((await phone.request('DELETE', '/api/v1/me')).statusCode).toBe(204);
    const [after] = await holders();
    expect(after.tickets).toBe(2);
    expect(after.holderRef).not.toBe(before.holderRef);
    for (const handle of after.ticketHandles) expect(before.ticketHandles).not.toContain(handle);
    expect((await phone.request('GET', '/api/v1/me/tickets')).json().tickets).toHaveLength(2);
  });

  it('asks due questions in the visitor language, records consent with the answer, and shows only consented answers', async () => {
    const organizer = await signUp(server.app);
    const phone = await TestWallet.withAccount(server.app, server.clock);
    const event = await holderOf(organizer, phone);
    const music = await question(organizer, { key: 'favourite_genre', text: { nl: 'Welke muziek?', en: 'Which music?' }, purpose: 'line_up_planning', moment: 'after_purchase' });
    const later = await question(organizer, { key: 'how_was_it', text: { nl: 'Hoe was het?', en: 'How was it?' }, purpose: 'feedback', moment: 'after_checkin' });
    const due = (await phone.request('GET', '/api/v1/me/questions?lang=nl')).json().questions;
    expect(due).toEqual([expect.objectContaining({ id: music, organizerName: 'Paradiso', text: 'Welke muziek?', purpose: 'line_up_planning' })]);
    expect(due.map((q: { id: string }) => q.id)).not.toContain(later);

    expect((await answer(phone, music, 'jazz')).statusCode).toBe(201);
    expect((await answer(phone, music, 'techno')).statusCode).toBe(201);
    expect((await phone.request('GET', '/api/v1/me/questions')).json().questions).toEqual([]);
    const holders = (await get(organizer.token, `/api/v1/events/${event.eventId}/holders`)).json().holders;
    expect(holders[0].profile).toEqual({ favourite_genre: 'techno' });
    const audit = (await get(organizer.token, '/api/v1/audit-log')).json().entries;
    expect(audit[0]).toMatchObject({ action: 'holders.read', subject: `event:${event.eventId}`, by: organizer.email });

    const withdraw = await phone.request('POST', '/api/v1/me/consents', { organizerId: organizer.organizerId, purpose: 'line_up_planning', granted: false });
    expect(withdraw.statusCode).toBe(201);
    expect((await get(organizer.token, `/api/v1/events/${event.eventId}/holders`)).json().holders[0].profile).toEqual({});
    const ledger = (await phone.request('GET', '/api/v1/me/consents')).json().consents;
    expect(ledger.map((c: { granted: boolean; source: string }) => [c.granted, c.source])).toEqual([[true, 'answer'], [true, 'answer'], [false, 'wallet']]);
    // Withdrawn, the answers given for that purpose are deleted, not only hidden.
    expect(withdraw.json()).toMatchObject({ granted: false, answersDeleted: 1 });
    const rows = await server.storage.db.selectFrom('profile_answers').selectAll().where('question_id', '=', music).execute();
    expect(rows).toHaveLength(0);
  });

  it('takes "no thanks" for an answer and does not ask again', async () => {
    const organizer = await signUp(server.app);
    const phone = await TestWallet.withAccount(server.app, server.clock);
    await holderOf(organizer, phone);
    const id = await question(organizer, { key: 'age_group', text: { nl: 'Leeftijd?', en: 'Age group?' }, purpose: 'statistics', moment: 'after_purchase' });
    expect((await phone.request('POST', `/api/v1/me/questions/${id}/decline`)).statusCode).toBe(204);
    expect((await phone.request('GET', '/api/v1/me/questions')).json().questions).toEqual([]);
    expect((await phone.request('POST', `/api/v1/me/questions/${randomUUID()}/decline`)).statusCode).toBe(404);
  });

  it('exports everything about the account as one document', async () => {
    const organizer = await signUp(server.app);
    const phone = await TestWallet.withAccount(server.app, server.clock);
    await holderOf(organizer, phone);
    const id = await question(organizer, { key: 'city', text: { nl: 'Stad?', en: 'City?' }, purpose: 'travel', moment: 'after_purchase' });
    await answer(phone, id, 'Utrecht');
    const res = await phone.request('GET', '/api/v1/me/export');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.account.id).toBe(phone.accountId);
    expect(doc.tickets).toHaveLength(1);
    expect(doc.orders).toHaveLength(1);
    expect(doc.answers).toEqual([expect.objectContaining({ answer: 'Utrecht' })]);
    expect(doc.consents).toEqual([expect.objectContaining({ purpose: 'travel', granted: 1 })]);
  });

  it('erases personal data from every table, keeps the tickets working, and breaks the pseudonym', async () => {
    const organizer = await signUp(server.app);
    const phone = await TestWallet.withAccount(server.app, server.clock);
    const event = await holderOf(organizer, phone);
    const id = await question(organizer, { key: 'secret_hobby', text: { nl: 'Hobby?', en: 'Hobby?' }, purpose: 'fun', moment: 'after_purchase' });
    const hobby = `competitive-knitting-${randomUUID()}`;
    await answer(phone, id, hobby);
    const refBefore = (await get(organizer.token, `/api/v1/events/${event.eventId}/holders`)).json().holders[0].holderRef;
    const [ticketBefore] = (await phone.request('GET', '/api/v1/me/tickets')).json().tickets;

    expect((await phone.request('DELETE', '/api/v1/me')).statusCode).toBe(204);

    const tables = await server.storage.db.introspection.getTables();
    for (const table of tables.filter((t) => !t.name.startsWith('kysely_'))) {
      const rows = await server.storage.db.selectFrom(table.name as never).selectAll().execute();
      const text = JSON.stringify(rows);
      expect(text.includes(phone.accountId), `${table.name} still holds the account id`).toBe(false);
      expect(text.includes(hobby), `${table.name} still holds the answer`).toBe(false);
    }
    const [ticketAfter] = (await phone.request('GET', '/api/v1/me/tickets')).json().tickets;
    expect(ticketAfter).toMatchObject({ id: ticketBefore.id, seq: 1, state: 'valid' });
    const gate = (await server.app.inject({ method: 'POST', url: `/api/v1/events/${event.eventId}/gate-devices`, headers: bearer(organizer.token), payload: { name: 'door' } })).json().token;
    expect(await uploadScan(server.app, gate, await qrFor(ticketAfter.credential, phone.privateKey, server.clock()), { at: server.clock() })).toMatchObject({ verdict: 'accepted' });
    const refAfter = (await get(organizer.token, `/api/v1/events/${event.eventId}/holders`)).json().holders[0].holderRef;
    expect(refAfter).not.toBe(refBefore);
    const insights = (await get(organizer.token, `/api/v1/events/${event.eventId}/insights`)).json();
    expect(insights).toMatchObject({ ticketsSold: 1, revenueCents: 3500 });
  });

  it('shows the visitor picture across events in aggregates only, suppressing groups under 10', async () => {
    const organizer = await signUp(server.app);
    const [first, second] = [await publishedEvent(server.app, organizer.token), await publishedEvent(server.app, organizer.token)];
    const buy = (wallet: TestWallet, event: { eventId: string; ticketTypeId: string }) => buyTickets(wallet, event, 1);
    const id = await question(organizer, { key: 'genre', text: { nl: 'Genre?', en: 'Genre?' }, purpose: 'programming', moment: 'after_purchase' });
    for (let i = 0; i < 15; i += 1) {
      const phone = await TestWallet.withAccount(server.app, server.clock);
      await buy(phone, first);
      if (i < 12) await buy(phone, second);
      await answer(phone, id, i < 13 ? 'techno' : 'polka');
    }
    const picture = (await get(organizer.token, '/api/v1/insights/visitors')).json();
    expect(picture).toMatchObject({ minimumGroup: 10, returningHolders: 12 });
    expect(picture.eventsPerHolder).toEqual([{ bin: '1', holders: null }, { bin: '2', holders: 12 }, { bin: '3-5', holders: null }, { bin: '6+', holders: null }]);
    expect(picture.profile).toEqual([{ key: 'genre', answers: [{ answer: 'techno', holders: 13 }] }]);
    expect(JSON.stringify(picture)).not.toContain('polka');
  });

  // Moves the clock half a year on: keep it after every test that needs events in the future.
  it('purges answers 180 days after the organizer\'s last event the visitor held a ticket for', async () => {
    const organizer = await signUp(server.app);
    const phone = await TestWallet.withAccount(server.app, server.clock);
    await holderOf(organizer, phone);
    const id = await question(organizer, { key: 'shirt_size', text: { nl: 'Maat?', en: 'Size?' }, purpose: 'merch', moment: 'after_purchase' });
    await answer(phone, id, 'L');
    const kept = () => server.storage.db.selectFrom('profile_answers').selectAll().where('question_id', '=', id).execute();
    await purgeExpiredAnswers(server.ctx, 180);
    expect(await kept()).toHaveLength(1);
    server.clock.advance((7 + 170) * 86_400);
    await purgeExpiredAnswers(server.ctx, 180);
    expect(await kept()).toHaveLength(1);
    server.clock.advance(12 * 86_400);
    await purgeExpiredAnswers(server.ctx, 180);
    expect(await kept()).toHaveLength(0);
  });

  it('refuses bad privacy input with 400 naming the field', async () => {
    const organizer = await signUp(server.app);
    const phone = await TestWallet.withAccount(server.app, server.clock);
    const bad = await server.app.inject({ method: 'POST', url: '/api/v1/profile-questions', headers: bearer(organizer.token), payload: { key: 'x', text: { nl: 'a' }, purpose: 'p', moment: 'after_purchase' } });
    expect(bad.json().error.message).toMatch(/body\.text\.en is required/);
    const consent = await phone.request('POST', '/api/v1/me/consents', { organizerId: organizer.organizerId, purpose: 'Two\nlines', granted: true });
    expect(consent.statusCode).toBe(400);
    const unknown = await phone.request('POST', '/api/v1/me/consents', { organizerId: randomUUID(), purpose: 'marketing', granted: true });
    expect(unknown.statusCode).toBe(404);
  });
});
