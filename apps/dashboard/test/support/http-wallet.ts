import { randomUUID } from 'node:crypto';
import { qrFor } from '../../../../packages/server/test/support/presentations.ts';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

/**
 * A visitor's phone against a listening server: real HTTP with DPoP proofs whose `htu` is that
 * server's own URL (TestWallet signs for http://localhost:3000 and goes through app.inject).
 */
export class HttpWallet {
  private constructor(
    private readonly baseUrl: string,
    readonly privateKey: CryptoKey,
    private readonly jwk: JWK,
  ) {}

  static async withAccount(baseUrl: string) {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const { kty, crv, x, y } = await exportJWK(publicKey);
    const wallet = new HttpWallet(baseUrl, privateKey, { kty, crv, x, y });
    await wallet.call('POST', '/api/v1/accounts', {});
    return wallet;
  }

  async call<T = any>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const proof = await new SignJWT({ htm: method, htu: this.baseUrl + path.split('?')[0], jti: randomUUID() })
      .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: this.jwk })
      .setIssuedAt()
      .sign(this.privateKey);
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: { dpop: proof, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Buys and pays `quantity` tickets through the sandbox provider; returns the order id. */
  async buy(eventId: string, ticketTypeId: string, quantity: number) {
    const placed = await this.call('POST', '/api/v1/orders', { eventId, items: [{ ticketTypeId, quantity }] });
    await this.call('POST', `/api/v1/orders/${placed.order.id}/sandbox-payment`, { outcome: 'paid' });
    return placed.order.id as string;
  }

  /** The rotating QR text of this wallet's first ticket of the event, as the phone shows it now. */
  async qr(eventId: string) {
    const { tickets } = await this.call<{ tickets: { eventId: string; credential: string }[] }>('GET', '/api/v1/me/tickets');
    return qrFor(tickets.find((t) => t.eventId === eventId)!.credential, this.privateKey, new Date());
  }

  /** Hands one of this wallet's tickets of the event to `friend` through a claim link. */
  async handOn(eventId: string, friend: HttpWallet) {
    const { tickets } = await this.call<{ tickets: { id: string; eventId: string }[] }>('GET', '/api/v1/me/tickets');
    const ticket = tickets.find((t) => t.eventId === eventId)!;
    const link = await this.call('POST', `/api/v1/tickets/${ticket.id}/claim-links`);
    await friend.call('POST', '/api/v1/claims', { claimToken: link.claimToken });
  }
}
