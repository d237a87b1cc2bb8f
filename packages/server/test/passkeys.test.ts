import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/dialects.ts';
import { organizerRequest, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { qrFor } from './support/presentations.ts';
import { buyTickets } from './support/purchases.ts';
import { uploadScan } from './support/scans.ts';
import { TestWallet, publicUrl } from './support/wallet.ts';
import { authenticationResponse, newPasskey, registrationResponse, type Passkey } from './support/webauthn.ts';

const rp = { rpId: new URL(publicUrl).hostname, origin: new URL(publicUrl).origin };

describe.each(dialects)('passkey backup and recovery on $name', (dialect) => {
  let server: TestServer;
  let event: { eventId: string; ticketTypeId: string; gateToken: string };
  let asOrganizer: ReturnType<typeof organizerRequest>;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    const organizer = await signUp(server.app);
    asOrganizer = organizerRequest(() => server.app, () => organizer.token);
    const startsAt = new Date(server.clock().getTime() + 7 * 86_400_000);
    const created = await asOrganizer('POST', '/api/v1/events', { name: 'Backup Night', venue: 'Tivoli', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 4 * 3_600_000).toISOString() });
    const eventId = created.json().id as string;
    const ticketTypeId = (await asOrganizer('POST', `/api/v1/events/${eventId}/ticket-types`, { name: 'GA', priceCents: 4000, currency: 'EUR', capacity: 50 })).json().id as string;
    await asOrganizer('POST', `/api/v1/events/${eventId}/publish`);
    const gateToken = (await asOrganizer('POST', `/api/v1/events/${eventId}/gate-devices`, { name: 'door' })).json().token as string;
    event = { eventId, ticketTypeId, gateToken };
  });
  afterAll(() => server.stop());

  const wallet = () => TestWallet.withAccount(server.app, server.clock);

  /** A wallet with tickets, backed up with a fresh passkey through the two registration routes. */
  async function backedUp(quantity = 1) {
    const phone = await wallet();
    const tickets = await buyTickets(phone, event, quantity);
    const passkey = newPasskey();
    const options = await phone.request('POST', '/api/v1/me/passkeys/options', {});
    expect(options.statusCode).toBe(200);
    expect(options.json()).toMatchObject({ rp: { id: rp.rpId }, authenticatorSelection: { residentKey: 'required' } });
    const stored = await phone.request('POST', '/api/v1/me/passkeys', { response: registrationResponse(passkey, { ...rp, challenge: options.json().challenge }) });
    expect(stored.statusCode).toBe(201);
    return { phone, tickets, passkey };
  }

  async function recoveryChallenge() {
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/recovery/options', payload: {} });
    expect(res.statusCode).toBe(200);
    return res.json().challenge as string;
  }

  const recover = async (phone: TestWallet, passkey: Passkey, challenge?: string) =>
    phone.request('POST', '/api/v1/recovery', { response: authenticationResponse(passkey, { ...rp, challenge: challenge ?? (await recoveryChallenge()) }) });

  it('recovers on a new phone: every ticket and voucher is rebound to the new key and the old phone is shut out', async () => {
    const { phone: oldPhone, tickets, passkey } = await backedUp(2);
    const campaign = (await asOrganizer('POST', `/api/v1/events/${event.eventId}/voucher-campaigns`, { name: 'Free drink' })).json().id as string;
    expect((await asOrganizer('POST', `/api/v1/events/${event.eventId}/messages`, { title: 'Cheers', body: 'On us.', voucherCampaignId: campaign })).statusCode).toBe(201);
    const [oldVoucher] = (await oldPhone.request('GET', '/api/v1/me/vouchers')).json().vouchers;
    expect(oldVoucher).toMatchObject({ seq: 1 });
    const newPhone = await TestWallet.create(server.app, server.clock);
    const res = await recover(newPhone, passkey);
    expect(res.statusCode).toBe(200);
    expect(res.json().accountId).toBe(oldPhone.accountId);
    expect(res.json().tickets.map((t: { id: string; seq: number }) => [t.id, t.seq]).sort()).toEqual(tickets.map((t) => [t.id, t.seq + 1]).sort());

    const now = server.clock();
    const fresh = res.json().tickets[0];
    expect(await uploadScan(server.app, event.gateToken, await qrFor(fresh.credential, newPhone.privateKey, now), { at: now })).toMatchObject({ verdict: 'accepted' });
    const stale = tickets.find((t) => t.id !== fresh.id)!;
    expect(await uploadScan(server.app, event.gateToken, await qrFor(stale.credential, oldPhone.privateKey, now), { at: now })).toMatchObject({ verdict: 'rejected', reason: 'superseded' });

    expect((await oldPhone.request('GET', '/api/v1/me/tickets')).statusCode).toBe(401);
    const mine = await newPhone.request('GET', '/api/v1/me/tickets');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().tickets).toHaveLength(2);
    expect((await newPhone.request('GET', '/api/v1/me/passkeys')).json().passkeys).toHaveLength(1);

    const [voucher] = (await newPhone.request('GET', '/api/v1/me/vouchers')).json().vouchers;
    expect(voucher).toMatchObject({ id: oldVoucher.id, seq: 2 });
    const at = server.clock();
    expect(await uploadScan(server.app, event.gateToken, await qrFor(oldVoucher.credential, oldPhone.privateKey, at), { at, mode: 'voucher' })).toMatchObject({ verdict: 'rejected', reason: 'superseded' });
    expect(await uploadScan(server.app, event.gateToken, await qrFor(voucher.credential, newPhone.privateKey, at), { at, mode: 'voucher' })).toMatchObject({ verdict: 'accepted' });
  });

  it("moves every ticket back to the new phone's own key on recovery: the old phone's organizer keys stay behind", async () => {
    const { phone: oldPhone, passkey } = await backedUp(1);
    const organizerId = (await server.app.inject({ method: 'GET', url: `/api/v1/events/${event.eventId}` })).json().organizer.id;
    const organizerKey = await oldPhone.newPresentationKey();
    expect((await oldPhone.request('PUT', `/api/v1/me/presentation-keys/${organizerId}`, organizerKey.bodyFor(organizerId))).json()).toMatchObject({ tickets: 1 });
    const newPhone = await TestWallet.create(server.app, server.clock);
    const [ticket] = (await recover(newPhone, passkey)).json().tickets;
    expect(ticket.seq).toBe(3);
    const now = server.clock();
    expect(await uploadScan(server.app, event.gateToken, await qrFor(ticket.credential, organizerKey.privateKey, now), { at: now })).toMatchObject({ verdict: 'rejected', reason: 'bad_holder_signature' });
    expect(await uploadScan(server.app, event.gateToken, await qrFor(ticket.credential, newPhone.privateKey, now), { at: now })).toMatchObject({ verdict: 'accepted' });
    expect((await newPhone.request('GET', '/api/v1/me/presentation-keys')).json().keys).toEqual([]);
  });

  it('refuses a replayed, made-up, expired or registration challenge', async () => {
    const { passkey } = await backedUp();
    const challenge = await recoveryChallenge();
    const assertion = authenticationResponse(passkey, { ...rp, challenge });
    const first = await TestWallet.create(server.app, server.clock);
    expect((await first.request('POST', '/api/v1/recovery', { response: assertion })).statusCode).toBe(200);
    const replay = await (await TestWallet.create(server.app, server.clock)).request('POST', '/api/v1/recovery', { response: assertion });
    expect(replay.statusCode).toBe(400);
    expect(replay.json().error.code).toBe('invalid_challenge');

    const madeUp = await recover(await TestWallet.create(server.app, server.clock), passkey, 'bm90LWEtY2hhbGxlbmdlLWZyb20tdGhlLXNlcnZlcg');
    expect(madeUp.json().error.code).toBe('invalid_challenge');

    const late = await recoveryChallenge();
    server.clock.advance(301);
    const expired = await recover(await TestWallet.create(server.app, server.clock), passkey, late);
    expect(expired.json().error.code).toBe('invalid_challenge');

    const registration = (await first.request('POST', '/api/v1/me/passkeys/options', {})).json().challenge as string;
    const wrongPurpose = await recover(await TestWallet.create(server.app, server.clock), passkey, registration);
    expect(wrongPurpose.json().error.code).toBe('invalid_challenge');
  });

  it('refuses an unknown passkey, a forged signature and a registration for another account', async () => {
    const { phone, passkey } = await backedUp();
    const stranger = newPasskey();
    const unknown = await recover(await TestWallet.create(server.app, server.clock), stranger);
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('passkey_refused');

    const forged = authenticationResponse(passkey, { ...rp, challenge: await recoveryChallenge() });
    forged.response.signature = authenticationResponse(stranger, { ...rp, challenge: 'x' }).response.signature;
    const res = await (await TestWallet.create(server.app, server.clock)).request('POST', '/api/v1/recovery', { response: forged });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('passkey_refused');

    // Options asked for one account cannot register a passkey for another (the other phone's DPoP key).
    const options = (await phone.request('POST', '/api/v1/me/passkeys/options', {})).json();
    const other = await wallet();
    const hijack = await other.request('POST', '/api/v1/me/passkeys', { response: registrationResponse(newPasskey(), { ...rp, challenge: options.challenge }) });
    expect(hijack.statusCode).toBe(400);
    expect(hijack.json().error.code).toBe('invalid_challenge');
    expect((await other.request('GET', '/api/v1/me/passkeys')).json().passkeys).toEqual([]);
  });

  it('needs the new phone’s DPoP proof and will not strand the tickets a phone already holds', async () => {
    const { passkey } = await backedUp();
    const noProof = await server.app.inject({ method: 'POST', url: '/api/v1/recovery', payload: { response: authenticationResponse(passkey, { ...rp, challenge: await recoveryChallenge() }) } });
    expect(noProof.statusCode).toBe(401);
    expect(noProof.json().error.code).toBe('invalid_dpop_proof');

    const busyPhone = await wallet();
    await buyTickets(busyPhone, event, 1);
    const res = await recover(busyPhone, passkey);
    expect(res.statusCode).toBe(409);
    expect((await busyPhone.request('GET', '/api/v1/me/tickets')).json().tickets).toHaveLength(1);

    const bad = await (await wallet()).request('POST', '/api/v1/recovery', { response: { id: 'x', rawId: 'x', type: 'public-key', response: {} } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('clientDataJSON');
  });
});
