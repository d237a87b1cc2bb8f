import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueJobs } from '../src/jobs/run-jobs.ts';
import { dialects } from './support/dialects.ts';
import { organizerRequest, publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { buyTickets, checkIn } from './support/purchases.ts';
import { startPushService } from './support/push-service.ts';
import { TestWallet } from './support/wallet.ts';

describe.each(dialects)('audience preview and delivery figures on $name', (dialect) => {
  let server: TestServer;
  let push: Awaited<ReturnType<typeof startPushService>>;
  let organizer: Awaited<ReturnType<typeof signUp>>;
  let event: { eventId: string; ticketTypeId: string };
  let balconyId: string;
  let standing: TestWallet, balcony: TestWallet, inside: TestWallet, fan: TestWallet;

  const asOrganizer = organizerRequest(() => server.app, () => organizer.token);
  const preview = (payload: object, eventId = event.eventId, token = organizer.token) => asOrganizer('POST', `/api/v1/events/${eventId}/audience`, payload, token);
  const send = (payload: object) => asOrganizer('POST', `/api/v1/events/${event.eventId}/messages`, payload);
  const listed = async () => (await asOrganizer('GET', `/api/v1/events/${event.eventId}/messages`)).json().messages as Record<string, unknown>[];
  const wallet = () => TestWallet.withAccount(server.app, server.clock);

  beforeAll(async () => {
    server = await startTestServer(dialect, { outboundToPrivateAddresses: true }); // the push service is on 127.0.0.1
    push = await startPushService();
    server.ctx.pushAgent = push.agent;
    organizer = await signUp(server.app);
    event = await publishedEvent(server.app, organizer.token);
    balconyId = (await asOrganizer('POST', `/api/v1/events/${event.eventId}/ticket-types`, { name: 'Balcony', priceCents: 5000, currency: 'EUR', capacity: 20 })).json().id;
    [standing, balcony, inside, fan] = [await wallet(), await wallet(), await wallet(), await wallet()];
    await buyTickets(standing, event, 2);
    await buyTickets(balcony, { eventId: event.eventId, ticketTypeId: balconyId }, 1);
    await buyTickets(fan, event, 1);
    const [ticket] = await buyTickets(inside, event, 1);
    const gate = (await asOrganizer('POST', `/api/v1/events/${event.eventId}/gate-devices`, { name: 'main' })).json().token as string;
    expect(await checkIn(server.app, gate, inside, ticket!, server.clock())).toMatchObject({ verdict: 'accepted' });
    await fan.request('POST', '/api/v1/me/consents', { organizerId: organizer.organizerId, purpose: 'marketing', granted: true });
  });
  afterAll(async () => {
    await push.close();
    await server.stop();
  });

  it('previews exactly the count that sending then reaches, audience by audience', async () => {
    const cases: [object, number][] = [
      [{}, 4],
      [{ audience: { ticketTypeIds: [balconyId] } }, 1],
      [{ audience: { checkedIn: true } }, 1],
      [{ audience: { checkedIn: false } }, 3],
      [{ audience: { ticketTypeIds: [event.ticketTypeId], checkedIn: false } }, 2],
      [{ purpose: 'operational' }, 4],
      [{ purpose: 'marketing' }, 1],
      [{ audience: { checkedIn: true }, purpose: 'marketing' }, 0],
    ];
    for (const [input, expected] of cases) {
      const res = await preview(input);
      expect(res.statusCode, JSON.stringify(input)).toBe(200);
      expect(res.json(), JSON.stringify(input)).toEqual({ recipients: expected });
      const { purpose, audience } = input as { purpose?: string; audience?: object };
      const sent = await send({ title: `to ${JSON.stringify(input)}`, body: 'x', ...(audience ? { audience } : {}), ...(purpose === 'marketing' ? { marketing: true } : {}) });
      expect(sent.json().recipients, JSON.stringify(input)).toBe(expected);
    }
  });

  it('refuses a ticket type of another event naming the field, and keeps other tenants out', async () => {
    const other = await publishedEvent(server.app, organizer.token);
    const res = await preview({ audience: { ticketTypeIds: [other.ticketTypeId] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('audience.ticketTypeIds[0]');
    const bad = await preview({ purpose: 'spam' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('body.purpose');
    const stranger = await signUp(server.app, 'Other tenant');
    expect((await preview({}, event.eventId, stranger.token)).statusCode).toBe(404);
  });

  it('lists each message with its delivery figures: inboxes, pushes sent and pushes given up', async () => {
    // The pushes of the messages above go out first, while nobody has subscribed yet.
    await runDueJobs(server.ctx);
    await fan.request('POST', '/api/v1/me/push-subscriptions', push.subscription('/sub/fan'));
    await balcony.request('POST', '/api/v1/me/push-subscriptions', push.subscription('/gone/balcony'));
    // A push service that never answers: retried with backoff until the attempts run out.
    await standing.request('POST', '/api/v1/me/push-subscriptions', { endpoint: 'https://127.0.0.1:9/never', keys: push.subscription('/sub/unused').keys });
    const campaign = (await asOrganizer('POST', `/api/v1/events/${event.eventId}/voucher-campaigns`, { name: 'Free drink' })).json().id as string;
    const { id } = (await send({ title: 'Doors open', body: 'Welcome', voucherCampaignId: campaign })).json();
    await runDueJobs(server.ctx);
    let message = (await listed()).find((m) => m.id === id)!;
    expect(message).toMatchObject({ id, title: 'Doors open', body: 'Welcome', status: 'sent', recipients: 4, delivered: 4, pushSent: 1, pushFailed: 1, voucherCampaignId: campaign });
    expect(message.sendAt).toEqual(expect.any(String));
    expect(message.trigger).toEqual({ type: 'now' });
    for (let i = 0; i < 6; i += 1) {
      server.clock.advance(3600);
      await runDueJobs(server.ctx);
    }
    message = (await listed()).find((m) => m.id === id)!;
    expect(message).toMatchObject({ recipients: 4, delivered: 4, pushSent: 1, pushFailed: 2 });
    expect(push.received.filter((r) => r.path === '/sub/fan' && (r.payload as { title: string }).title === 'Doors open')).toHaveLength(1);
    // A message without a voucher carries no voucherCampaignId.
    expect((await listed()).find((m) => m.title === 'to {}')).not.toHaveProperty('voucherCampaignId');
  });
});
