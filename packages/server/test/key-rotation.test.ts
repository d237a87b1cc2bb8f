import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64urlEncode } from '@ticketguard/protocol';
import { rotateIssuerKey } from '../src/domain/credentials/rotate-issuer-key.ts';
import { dialects } from './support/dialects.ts';
import { bearer, publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { buyTickets, checkIn } from './support/purchases.ts';
import { TestWallet } from './support/wallet.ts';

/** The issuer key id a credential names: bytes 17..20 (PROTOCOL.md section 2). */
const kidOf = (credential: string) => base64urlEncode(Buffer.from(credential, 'base64url').subarray(17, 21));

describe.each(dialects)('issuer key rotation on $name', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(() => server.stop());

  it('new credentials use the new key; old ones stay valid at the gate until their ticket is rebound', async () => {
    const app = server.app;
    const { token } = await signUp(app);
    const event = await publishedEvent(app, token);
    const gateToken = (await app.inject({ method: 'POST', url: `/api/v1/events/${event.eventId}/gate-devices`, headers: bearer(token), payload: { name: 'n' } })).json().token;
    const before = await TestWallet.withAccount(app, server.clock);
    const [old, handedOn] = await buyTickets(before, event, 2);
    const oldKid = kidOf(old!.credential);

    const { kid: newKid, keys } = await rotateIssuerKey(server.ctx, event.eventId);
    expect(newKid).not.toBe(oldKid);
    expect(keys).toEqual(expect.arrayContaining([oldKid, newKid]));

    const after = await TestWallet.withAccount(app, server.clock);
    const [fresh] = await buyTickets(after, event, 1);
    expect(kidOf(fresh!.credential)).toBe(newKid);
    // A rebinding (a claim) issues a new credential, under the new key.
    const link = (await before.request('POST', `/api/v1/tickets/${handedOn!.id}/claim-links`)).json();
    const friend = await TestWallet.withAccount(app, server.clock);
    const claimed = await friend.request('POST', '/api/v1/claims', { claimToken: link.claimToken });
    expect(kidOf(claimed.json().ticket.credential)).toBe(newKid);

    const pack = (await app.inject({ method: 'GET', url: '/api/v1/gate/pack', headers: bearer(gateToken) })).json();
    expect(pack.issuerKeys.map((k: { kid: string }) => k.kid).sort()).toEqual([oldKid, newKid].sort());
    const at = server.clock();
    expect(await checkIn(app, gateToken, before, old!, at)).toMatchObject({ verdict: 'accepted' });
    expect(await checkIn(app, gateToken, after, fresh!, at)).toMatchObject({ verdict: 'accepted' });
  });

  it('refuses an unknown event', async () => {
    await expect(rotateIssuerKey(server.ctx, '00000000-0000-4000-8000-000000000000')).rejects.toThrow(/event not found/);
  });
});
