import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/dialects.ts';
import { organizerRequest, publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { buyTickets } from './support/purchases.ts';
import { TestWallet } from './support/wallet.ts';

describe.each(dialects)('the organizer\'s profile questions on $name', (dialect) => {
  let server: TestServer;
  let organizer: Awaited<ReturnType<typeof signUp>>;
  const asOrganizer = organizerRequest(() => server.app, () => organizer.token);
  const listed = async (token = organizer.token) => (await asOrganizer('GET', '/api/v1/profile-questions', undefined, token)).json().questions;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    organizer = await signUp(server.app);
  });
  afterAll(() => server.stop());

  it('lists each question with its reward and how many visitors answered and declined', async () => {
    const event = await publishedEvent(server.app, organizer.token);
    const campaign = (await asOrganizer('POST', `/api/v1/events/${event.eventId}/voucher-campaigns`, { name: 'Free drink' })).json().id as string;
    const city = (await asOrganizer('POST', '/api/v1/profile-questions', { key: 'city', text: { nl: 'Waar woon je?', en: 'Where do you live?' }, purpose: 'marketing', moment: 'after_purchase', rewardVoucherCampaignId: campaign })).json().id;
    server.clock.advance(1);
    const genre = (await asOrganizer('POST', '/api/v1/profile-questions', { key: 'genre', text: { nl: 'Welk genre?', en: 'Which genre?' }, purpose: 'line_up_planning', moment: 'after_purchase' })).json().id;
    const phones = [];
    for (let i = 0; i < 3; i += 1) {
      const phone = await TestWallet.withAccount(server.app, server.clock);
      await buyTickets(phone, event, 1);
      phones.push(phone);
    }
    for (const phone of phones.slice(0, 2)) expect((await phone.request('POST', '/api/v1/me/answers', { questionId: city, answer: 'Utrecht' })).statusCode).toBe(201);
    expect((await phones[2]!.request('POST', `/api/v1/me/questions/${city}/decline`)).statusCode).toBe(204);
    expect((await phones[0]!.request('POST', `/api/v1/me/questions/${genre}/decline`)).statusCode).toBe(204);

    expect(await listed()).toEqual([
      { id: city, key: 'city', text: { nl: 'Waar woon je?', en: 'Where do you live?' }, purpose: 'marketing', moment: 'after_purchase', answerType: 'text', options: [], rewardVoucherCampaignId: campaign, answers: 2, declines: 1, createdAt: expect.any(String) },
      { id: genre, key: 'genre', text: { nl: 'Welk genre?', en: 'Which genre?' }, purpose: 'line_up_planning', moment: 'after_purchase', answerType: 'text', options: [], answers: 0, declines: 1, createdAt: expect.any(String) },
    ]);
  });

  it("shows no other organizer's questions, and none to gate staff", async () => {
    const stranger = await signUp(server.app, 'Other tenant');
    expect(await listed(stranger.token)).toEqual([]);
    const invite = (await asOrganizer('POST', '/api/v1/staff/invites', { role: 'gate' })).json();
    const gate = (await server.app.inject({ method: 'POST', url: '/api/v1/staff/invites/accept', payload: { token: invite.token, name: 'G', email: `g${Date.now()}@example.org`, password: 'correct horse battery' } })).json().token;
    expect((await asOrganizer('GET', '/api/v1/profile-questions', undefined, gate)).statusCode).toBe(403);
  });
});
