import { SignJWT, generateKeyPair, exportJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/dialects.ts';
import { startTestServer, type TestServer } from './support/harness.ts';
import { TestWallet, publicUrl } from './support/wallet.ts';

describe.each(dialects)('DPoP wallet authentication on $name', (dialect) => {
  let server: TestServer;
  let wallet: TestWallet;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    wallet = await TestWallet.withAccount(server.app, server.clock);
  });
  afterAll(() => server.stop());

  const path = '/api/v1/me/tickets';
  const call = (dpop?: string, url = path) => server.app.inject({ method: 'GET', url, headers: dpop === undefined ? {} : { dpop } });
  const expectRefused = async (dpop: string | undefined, reason: RegExp) => {
    const res = await call(dpop);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('invalid_dpop_proof');
    expect(res.json().error.message).toMatch(reason);
  };

  it('accepts a fresh proof, also when the request has a query string', async () => {
    expect((await call(await wallet.proof('GET', path))).statusCode).toBe(200);
    expect((await call(await wallet.proof('GET', path), `${path}?page=2`)).statusCode).toBe(200);
  });

  it('creates an account once per key: 201, then 200 with the same id', async () => {
    const phone = await TestWallet.create(server.app, server.clock);
    const first = await phone.request('POST', '/api/v1/accounts', {});
    const again = await phone.request('POST', '/api/v1/accounts', {});
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json().accountId).toBe(first.json().accountId);
  });

  it('refuses a missing or malformed proof', async () => {
    await expectRefused(undefined, /missing/);
    await expectRefused('not.a.jwt', /refused/);
  });

  it('refuses a proof for another method or URL', async () => {
    await expectRefused(await wallet.proof('POST', path), /htm must be GET/);
    await expectRefused(await wallet.proof('GET', '/api/v1/orders'), /htu must be/);
    await expectRefused(await wallet.proof('GET', path, { htu: `https://evil.example${path}` }), /htu must be/);
  });

  it('takes proofs for the other loopback name only where PUBLIC_URL was not set', async () => {
    const at127 = await wallet.proof('GET', path, { htu: `http://127.0.0.1:3000${path}` });
    await expectRefused(at127, /htu must be http:\/\/localhost:3000/);
    const loopback = await startTestServer(dialect, { alsoServedAt: ['http://127.0.0.1:3000'] });
    try {
      const phone = await TestWallet.create(loopback.app, loopback.clock);
      const created = await loopback.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: { dpop: await phone.proof('POST', '/api/v1/accounts', { htu: 'http://127.0.0.1:3000/api/v1/accounts' }) }, payload: {} });
      expect(created.statusCode).toBe(201);
      expect((await phone.request('GET', path)).statusCode).toBe(200);
      const elsewhere = await loopback.app.inject({ method: 'GET', url: path, headers: { dpop: await phone.proof('GET', path, { htu: `http://127.0.0.2:3000${path}` }) } });
      expect(elsewhere.statusCode).toBe(401);
    } finally {
      await loopback.stop();
    }
  });

  it('refuses iat more than 60 seconds off the server clock, either way', async () => {
    const now = Math.floor(server.clock().getTime() / 1000);
    await expectRefused(await wallet.proof('GET', path, { iat: now - 61 }), /iat/);
    await expectRefused(await wallet.proof('GET', path, { iat: now + 61 }), /iat/);
    expect((await call(await wallet.proof('GET', path, { iat: now - 59 }))).statusCode).toBe(200);
  });

  it('refuses a replayed proof, also when the replay reaches another server process', async () => {
    const proof = await wallet.proof('GET', path);
    expect((await call(proof)).statusCode).toBe(200);
    await expectRefused(proof, /replay/);
    const sibling = await server.sibling();
    try {
      const second = await wallet.proof('GET', path);
      expect((await call(second)).statusCode).toBe(200);
      const replay = await sibling.app.inject({ method: 'GET', url: path, headers: { dpop: second } });
      expect(replay.statusCode).toBe(401);
      expect(replay.json().error.message).toMatch(/replay/);
    } finally {
      await sibling.stop();
    }
  });

  it('refuses a wrong typ, a wrong alg, a private key in jwk and a signature by another key', async () => {
    await expectRefused(await wallet.proof('GET', path, {}, { typ: 'JWT' }), /typ/);
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const withPrivate = await exportJWK(privateKey);
    const iat = Math.floor(server.clock().getTime() / 1000);
    const payload = { htm: 'GET', htu: publicUrl + path, jti: crypto.randomUUID() };
    await expectRefused(
      await new SignJWT(payload).setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: withPrivate }).setIssuedAt(iat).sign(privateKey),
      /public key/,
    );
    await expectRefused(
      await new SignJWT(payload).setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: wallet.jwk }).setIssuedAt(iat).sign(privateKey),
      /signature/,
    );
    const hmac = new TextEncoder().encode('k'.repeat(32));
    await expectRefused(
      await new SignJWT(payload).setProtectedHeader({ typ: 'dpop+jwt', alg: 'HS256', jwk: wallet.jwk }).setIssuedAt(iat).sign(hmac),
      /alg/i,
    );
  });

  it('answers an unknown key with 401 until the account exists', async () => {
    const stranger = await TestWallet.create(server.app, server.clock);
    const res = await stranger.request('GET', path);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toMatch(/POST \/api\/v1\/accounts/);
  });
});
