import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64urlDecode, parseCredential } from '@ticketguard/protocol';
import { dialects } from './support/dialects.ts';
import { bearer, organizerRequest, publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { qrFor } from './support/presentations.ts';
import { buyTickets } from './support/purchases.ts';
import { uploadScan } from './support/scans.ts';
import { TestWallet } from './support/wallet.ts';

describe.each(dialects)('vouchers on $name', (dialect) => {
  let server: TestServer;
  let organizer: Awaited<ReturnType<typeof signUp>>;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    organizer = await signUp(server.app);
  });
  afterAll(() => server.stop());

  const asOrganizer = organizerRequest(() => server.app, () => organizer.token);

  async function holder(event: { eventId: string; ticketTypeId: string }) {
    const phone = await TestWallet.withAccount(server.app, server.clock);
    await buyTickets(phone, event, 1);
    return phone;
  }
  const scan = (gateToken: string, qr: string, mode: 'ticket' | 'voucher') =>
    uploadScan(server.app, gateToken, qr, { at: server.clock(), gate: mode === 'voucher' ? 'bar' : 'door', mode });

  it('issues a voucher on check-in, bound to the phone, redeemed at the bar up to perHolder times', async () => {
    const event = await publishedEvent(server.app, organizer.token);
    const campaign = await asOrganizer('POST', `/api/v1/events/${event.eventId}/voucher-campaigns`, { name: 'Free drink', perHolder: 2, issueOnCheckIn: true });
    expect(campaign.statusCode).toBe(201);
    const gate = (await asOrganizer('POST', `/api/v1/events/${event.eventId}/gate-devices`, { name: 'door' })).json().token;
    const phone = await holder(event);
    expect((await phone.request('GET', '/api/v1/me/vouchers')).json().vouchers).toEqual([]);
    const [ticket] = (await phone.request('GET', '/api/v1/me/tickets')).json().tickets;
    expect(await scan(gate, await qrFor(ticket.credential, phone.privateKey, server.clock()), 'ticket')).toMatchObject({ verdict: 'accepted' });

    const [voucher] = (await phone.request('GET', '/api/v1/me/vouchers')).json().vouchers;
    expect(voucher).toMatchObject({ name: 'Free drink', state: 'valid', usesLeft: 2 });
    expect(parseCredential(base64urlDecode(voucher.credential))).toMatchObject({ type: 'voucher', subjectId: voucher.id, seq: 1 });

    const voucherQr = () => qrFor(voucher.credential, phone.privateKey, server.clock());
    expect(await scan(gate, await voucherQr(), 'ticket')).toMatchObject({ reason: 'not_admitted_here' });
    expect(await scan(gate, await voucherQr(), 'voucher')).toMatchObject({ verdict: 'accepted' });
    expect(await scan(gate, await voucherQr(), 'voucher')).toMatchObject({ verdict: 'accepted' });
    expect(await scan(gate, await voucherQr(), 'voucher')).toMatchObject({ reason: 'already_used' });
    const stranger = await TestWallet.withAccount(server.app, server.clock);
    expect(await scan(gate, await qrFor(voucher.credential, stranger.privateKey, server.clock()), 'voucher')).toMatchObject({ reason: 'bad_holder_signature' });

    const counts = (await asOrganizer('GET', `/api/v1/events/${event.eventId}/voucher-campaigns`)).json().campaigns;
    expect(counts).toEqual([expect.objectContaining({ name: 'Free drink', issued: 1, redeemed: 2 })]);
    const pack = (await server.app.inject({ method: 'GET', url: '/api/v1/gate/pack', headers: bearer(gate) })).json();
    expect(pack.subjects).toContainEqual([voucher.id, 1, 'checked_in', campaign.json().id]);
  });

  it("lists the campaigns of all the organizer's events, and none of another organizer's", async () => {
    const [first, second] = [await publishedEvent(server.app, organizer.token), await publishedEvent(server.app, organizer.token)];
    for (const [event, name] of [[first, 'Early bird coffee'], [second, 'Late night fries']] as const) {
      expect((await asOrganizer('POST', `/api/v1/events/${event.eventId}/voucher-campaigns`, { name })).statusCode).toBe(201);
    }
    const other = await signUp(server.app, 'Other tenant');
    const theirs = await publishedEvent(server.app, other.token);
    await server.app.inject({ method: 'POST', url: `/api/v1/events/${theirs.eventId}/voucher-campaigns`, headers: bearer(other.token), payload: { name: 'Not yours' } });
    const mine = (await asOrganizer('GET', '/api/v1/voucher-campaigns')).json().campaigns as { name: string; eventId: string }[];
    expect(mine).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'Early bird coffee', eventId: first.eventId, issued: 0, redeemed: 0 }),
      expect.objectContaining({ name: 'Late night fries', eventId: second.eventId }),
    ]));
    expect(mine.map((c) => c.name)).not.toContain('Not yours');
  });

  it('hands every recipient of a message a voucher, and names it in their inbox', async () => {
    const event = await publishedEvent(server.app, organizer.token);
    const campaign = (await asOrganizer('POST', `/api/v1/events/${event.eventId}/voucher-campaigns`, { name: 'Merch discount' })).json();
    const phones = [await holder(event), await holder(event)];
    const sent = await asOrganizer('POST', `/api/v1/events/${event.eventId}/messages`, { title: 'Thanks for coming', body: 'A gift', voucherCampaignId: campaign.id });
    expect(sent.json()).toMatchObject({ status: 'sent', recipients: 2 });
    for (const phone of phones) {
      expect((await phone.request('GET', '/api/v1/me/vouchers')).json().vouchers).toEqual([expect.objectContaining({ campaignId: campaign.id, name: 'Merch discount' })]);
      expect((await phone.request('GET', '/api/v1/me/inbox')).json().messages[0]).toMatchObject({ title: 'Thanks for coming', voucher: { campaignId: campaign.id } });
    }
    const elsewhere = await publishedEvent(server.app, organizer.token);
    const wrong = await asOrganizer('POST', `/api/v1/events/${elsewhere.eventId}/messages`, { title: 't', body: 'b', voucherCampaignId: campaign.id });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toMatch(/voucherCampaignId/);
  });

  it("rewards an answered question with a voucher, once, and only the organizer's own campaign", async () => {
    const event = await publishedEvent(server.app, organizer.token);
    const campaign = (await asOrganizer('POST', `/api/v1/events/${event.eventId}/voucher-campaigns`, { name: 'Thank-you fries' })).json();
    const question = await asOrganizer('POST', '/api/v1/profile-questions', {
      key: 'travel_mode', text: { nl: 'Hoe kwam je?', en: 'How did you travel?' }, purpose: 'mobility', moment: 'after_purchase', rewardVoucherCampaignId: campaign.id,
    });
    const phone = await holder(event);
    const [due] = (await phone.request('GET', '/api/v1/me/questions')).json().questions;
    expect(due.reward).toEqual({ voucherCampaignId: campaign.id });
    await phone.request('POST', '/api/v1/me/answers', { questionId: question.json().id, answer: 'bike' });
    await phone.request('POST', '/api/v1/me/answers', { questionId: question.json().id, answer: 'train' });
    expect((await phone.request('GET', '/api/v1/me/vouchers')).json().vouchers).toEqual([expect.objectContaining({ name: 'Thank-you fries', usesLeft: 1 })]);

    const other = await signUp(server.app);
    const foreign = await server.app.inject({
      method: 'POST', url: '/api/v1/profile-questions', headers: bearer(other.token),
      payload: { key: 'x', text: { nl: 'x', en: 'x' }, purpose: 'p', moment: 'after_purchase', rewardVoucherCampaignId: campaign.id },
    });
    expect(foreign.statusCode).toBe(400);
  });
});
