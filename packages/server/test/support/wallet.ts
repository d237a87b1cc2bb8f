import { randomUUID } from 'node:crypto';
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

  async request(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = {}) {
    return this.app.inject({
      method,
      url: path,
      headers: { dpop: await this.proof(method, path), ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  }
}
