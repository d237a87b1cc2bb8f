import { createHash, randomUUID, sign, type KeyObject } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import type { FastifyInstance } from 'fastify';

export const publicUrl = 'http://localhost:3000';

/**
 * A visitor's phone in a test: a P-256 key and DPoP proofs made the way the wallet makes them.
 * `request` goes through app.inject, so every proof meets the real verification.
 */
export class TestWallet {
  private constructor(
    private readonly app: FastifyInstance,
    readonly privateKey: CryptoKey,
    readonly jwk: JWK,
    private readonly now: () => Date,
  ) {}

  accountId = '';

  static async create(app: FastifyInstance, now: () => Date = () => new Date()) {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const { kty, crv, x, y } = await exportJWK(publicKey);
    return new TestWallet(app, privateKey, { kty, crv, x, y }, now);
  }

  /** A wallet with an account, ready to buy. */
  static async withAccount(app: FastifyInstance, now?: () => Date) {
    const wallet = await TestWallet.create(app, now);
    const res = await wallet.request('POST', '/api/v1/accounts', {});
    if (res.statusCode !== 201) throw new Error(`account creation failed: ${res.statusCode} ${res.body}`);
    wallet.accountId = res.json().accountId;
    return wallet;
  }

  proof(method: string, path: string, claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}) {
    return new SignJWT({ htm: method, htu: publicUrl + path.split('?')[0], jti: randomUUID(), ...claims })
      .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: this.jwk, ...header })
      .setIssuedAt(typeof claims.iat === 'number' ? claims.iat : Math.floor(this.now().getTime() / 1000))
      .sign(this.privateKey);
  }

  /**
   * A new key for one organizer's tickets, as the wallet makes it; `bodyFor` is the registration of
   * PUT /api/v1/me/presentation-keys/:organizerId, signed over TG-PKEY-v1, that organizer and this account.
   */
  async newPresentationKey() {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const { kty, crv, x, y } = await exportJWK(publicKey);
    const jwk = { kty, crv, x, y } as { kty: 'EC'; crv: 'P-256'; x: string; y: string };
    const thumbprint = createHash('sha256').update(JSON.stringify({ crv: 'P-256', kty: 'EC', x: this.jwk.x, y: this.jwk.y })).digest();
    const bodyFor = (organizerId: string) => {
      const message = Buffer.concat([Buffer.from('TG-PKEY-v1'), Buffer.from(organizerId.replaceAll('-', ''), 'hex'), thumbprint]);
      return { jwk, signature: sign('sha256', message, { key: privateKey as unknown as KeyObject, dsaEncoding: 'ieee-p1363' }).toString('base64url') };
    };
    return { privateKey, jwk, bodyFor };
  }

  async request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = {}) {
    return this.app.inject({
      method,
      url: path,
      headers: { dpop: await this.proof(method, path), ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  }
}
