import { randomUUID } from 'node:crypto';
import { qrFor } from '../../../../packages/server/test/support/presentations.ts';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

export interface WalletTicket {
  id: string;
  eventId: string;
  ticketTypeId: string;
  state: string;
  credential: string;
}

/**
 * A visitor's phone against a listening server: real HTTP with DPoP proofs whose `htu` is that
 * server's own URL (TestWallet signs for http://localhost:3000 and goes through app.inject).
 * `now` is the phone's clock; give it the server's test clock when the test moves that one.
 */
export class HttpWallet {
  private constructor(
    private readonly baseUrl: string,
    readonly privateKey: CryptoKey,
    private readonly jwk: JWK,
    private readonly now: () => Date,
  ) {}

  /** The account id the server gave this phone; organizers must never see it. */
  accountId = '';

  static async withAccount(baseUrl: string, now: () => Date = () => new Date()) {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const { kty, crv, x, y } = await exportJWK(publicKey);
    const wallet = new HttpWallet(baseUrl, privateKey, { kty, crv, x, y }, now);
    wallet.accountId = (await wallet.call<{ accountId: string }>('POST', '/api/v1/accounts', {})).accountId;
    return wallet;
  }

  /** One DPoP-signed request (with extra headers such as Queue-Admission); the answer as it came, whatever its status. */
  async request(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = {}) {
    const proof = await new SignJWT({ htm: method, htu: this.baseUrl + path.split('?')[0], jti: randomUUID() })
      .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: this.jwk })
      .setIssuedAt(Math.floor(this.now().getTime() / 1000))
      .sign(this.privateKey);
    return fetch(this.baseUrl + path, {
      method,
      headers: { dpop: proof, ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  async call<T = any>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const response = await this.request(method, path, body, headers);
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

  /** This wallet's tickets of the event. */
  async tickets(eventId: string) {
    const { tickets } = await this.call<{ tickets: WalletTicket[] }>('GET', '/api/v1/me/tickets');
    return tickets.filter((t) => t.eventId === eventId);
  }

  /** The rotating QR text of this wallet's first ticket of the event, as the phone shows it now. */
  async qr(eventId: string) {
    return this.qrOf((await this.tickets(eventId))[0]!.credential);
  }

  /** The rotating QR of a credential this wallet holds (a ticket or a voucher), as the phone shows it now. */
  qrOf(credential: string) {
    return qrFor(credential, this.privateKey, this.now());
  }

  /** Hands one of this wallet's tickets of the event to `friend` through a claim link; returns the ticket id. */
  async handOn(eventId: string, friend: HttpWallet) {
    const ticket = (await this.tickets(eventId))[0]!;
    const link = await this.call('POST', `/api/v1/tickets/${ticket.id}/claim-links`);
    await friend.call('POST', '/api/v1/claims', { claimToken: link.claimToken });
    return ticket.id;
  }
}
