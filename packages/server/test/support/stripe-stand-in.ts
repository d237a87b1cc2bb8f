import { createHmac } from 'node:crypto';
import { checkoutPage, parseStripeForm, randomId, startStandIn, type SeenRequest, type StandInAnswer } from './stand-in-server.ts';

interface Session {
  id: string;
  object: 'checkout.session';
  mode: string;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'paid' | 'unpaid' | 'no_payment_required';
  amount_total: number;
  currency: string;
  metadata: Record<string, string>;
  client_reference_id: string | null;
  success_url: string;
  cancel_url: string | null;
  url: string | null;
  expires_at: number;
  created: number;
  payment_intent: string | null;
  livemode: false;
}

interface Intent {
  id: string;
  object: 'payment_intent';
  amount: number;
  currency: string;
  status: 'processing' | 'succeeded' | 'requires_payment_method' | 'canceled';
}

interface Refund {
  id: string;
  object: 'refund';
  amount: number;
  currency: string;
  payment_intent: string;
  status: 'pending' | 'succeeded' | 'failed' | 'canceled';
  metadata: Record<string, string>;
  created: number;
}

const error = (status: number, message: string, extra: { param?: string; code?: string } = {}): StandInAnswer => ({
  status,
  body: { error: { type: status === 401 ? 'invalid_request_error' : 'invalid_request_error', message, ...extra } },
});

const seconds = () => Math.floor(Date.now() / 1000);

/** `Stripe-Signature` as Stripe documents it: `t=<unix seconds>,v1=<hex HMAC-SHA-256 of "t.body" under the endpoint secret>`. */
export const stripeSignature = (body: string, secret: string, at = seconds()) =>
  `t=${at},v1=${createHmac('sha256', secret).update(`${at}.${body}`, 'utf8').digest('hex')}`;

/**
 * Stripe's API as far as Ticketguard uses it, from Stripe's API reference: Checkout Sessions (create,
 * retrieve with `expand[]=payment_intent`, expire), refunds (create, retrieve) and the balance (the
 * key check), form-encoded requests, Bearer keys, Idempotency-Key, Stripe's error bodies, the 30
 * minutes to 24 hours a session may live, and webhook events signed as Stripe documents. A hosted
 * page at the session's `url` pays it and sends the signed `checkout.session.completed` event to
 * `webhookUrl` when one is given.
 */
export async function startStripeStandIn(options: { secretKeys?: string[]; webhookSecret?: string; webhookUrl?: string } = {}) {
  const keys = new Set(options.secretKeys ?? ['sk_test_standinstandinstandin']);
  const webhookSecret = options.webhookSecret ?? 'whsec_standinstandinstandin';
  const sessions = new Map<string, Session>();
  const intents = new Map<string, Intent>();
  const refunds = new Map<string, Refund>();
  let refundStatus: Refund['status'] = 'succeeded';

  /** A signed event as Stripe would POST it to the webhook endpoint. */
  function event(type: string, object: object, secret = webhookSecret) {
    const body = JSON.stringify({ id: randomId('evt_', 14), object: 'event', api_version: '2026-11-18.endive', created: seconds(), type, livemode: false, pending_webhooks: 1, data: { object } });
    return { body, signature: stripeSignature(body, secret) };
  }

  async function deliver(signed: { body: string; signature: string }) {
    if (!options.webhookUrl) return;
    await fetch(options.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signed.signature }, body: signed.body }).catch(() => undefined);
  }

  const withIntent = (session: Session, expand: boolean) => ({ ...session, payment_intent: expand && session.payment_intent ? intents.get(session.payment_intent) : session.payment_intent });

  function route(request: SeenRequest, port: number): StandInAnswer | Promise<StandInAnswer> {
    const url = new URL(request.path, 'http://stand-in');
    const page = /^\/pay\/(cs_\w+)$/.exec(url.pathname);
    if (page) return hostedPage(request, page[1]!);
    const key = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
    if (!key || !keys.has(key)) return error(401, `Invalid API Key provided: ${(key ?? '').slice(0, 8)}****${(key ?? '').slice(-4)}`);
    const form = parseStripeForm(request.method === 'GET' ? url.search.slice(1) : request.body);
    const expand = JSON.stringify(form.expand ?? []).includes('payment_intent');
    const path = url.pathname;
    let match: RegExpExecArray | null;
    if (request.method === 'GET' && path === '/v1/balance') return { status: 200, body: { object: 'balance', available: [{ amount: 0, currency: 'eur' }], pending: [], livemode: false } };
    if (request.method === 'POST' && path === '/v1/checkout/sessions') {
      const lines = (form.line_items ?? []) as { quantity: string; price_data: { currency: string; unit_amount: string; product_data: { name: string } } }[];
      if (form.mode !== 'payment') return error(400, 'Invalid mode: must be payment, setup or subscription', { param: 'mode' });
      if (lines.length === 0) return error(400, 'line_items is required in payment mode', { param: 'line_items' });
      const currencies = new Set(lines.map((l) => l.price_data.currency));
      if (currencies.size !== 1) return error(400, 'All line items must have the same currency', { param: 'line_items' });
      const expiresAt = Number(form.expires_at ?? seconds() + 86_400);
      if (expiresAt < seconds() + 30 * 60 - 5 || expiresAt > seconds() + 24 * 3600) {
        return error(400, 'The `expires_at` timestamp must be at least 30 minutes and at most 24 hours from Checkout Session creation.', { param: 'expires_at' });
      }
      const id = randomId('cs_test_', 24);
      const session: Session = {
        id, object: 'checkout.session', mode: 'payment', status: 'open', payment_status: 'unpaid',
        amount_total: lines.reduce((sum, l) => sum + Number(l.quantity) * Number(l.price_data.unit_amount), 0),
        currency: [...currencies][0]!, metadata: (form.metadata as Record<string, string>) ?? {}, client_reference_id: (form.client_reference_id as string) ?? null,
        success_url: String(form.success_url), cancel_url: form.cancel_url ? String(form.cancel_url) : null, url: `http://127.0.0.1:${port}/pay/${id}`,
        expires_at: expiresAt, created: seconds(), payment_intent: null, livemode: false,
      };
      sessions.set(id, session);
      return { status: 200, body: session };
    }
    if ((match = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path)) && request.method === 'GET') {
      const session = sessions.get(match[1]!);
      return session ? { status: 200, body: withIntent(session, expand) } : error(404, `No such checkout.session: '${match[1]}'`, { code: 'resource_missing', param: 'session' });
    }
    if ((match = /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/.exec(path)) && request.method === 'POST') {
      const session = sessions.get(match[1]!);
      if (!session) return error(404, `No such checkout.session: '${match[1]}'`, { code: 'resource_missing' });
      if (session.status !== 'open') return error(400, `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`);
      session.status = 'expired';
      session.url = null;
      return { status: 200, body: session };
    }
    if (request.method === 'POST' && path === '/v1/refunds') {
      const intent = intents.get(String(form.payment_intent ?? ''));
      if (!intent) return error(404, `No such payment_intent: '${String(form.payment_intent)}'`, { code: 'resource_missing', param: 'payment_intent' });
      if (intent.status !== 'succeeded') return error(400, 'This PaymentIntent does not have a successful charge to refund.', { code: 'charge_not_refundable' });
      const amount = Number(form.amount ?? intent.amount);
      const refunded = [...refunds.values()].filter((r) => r.payment_intent === intent.id && r.status !== 'failed' && r.status !== 'canceled').reduce((s, r) => s + r.amount, 0);
      if (amount > intent.amount - refunded) {
        return error(400, `Refund amount (${amount}) is greater than unrefunded amount on charge (${intent.amount - refunded})`, { code: 'amount_too_large', param: 'amount' });
      }
      const refund: Refund = { id: randomId('re_', 24), object: 'refund', amount, currency: intent.currency, payment_intent: intent.id, status: refundStatus, metadata: (form.metadata as Record<string, string>) ?? {}, created: seconds() };
      refunds.set(refund.id, refund);
      return { status: 200, body: refund };
    }
    if ((match = /^\/v1\/refunds\/([^/]+)$/.exec(path)) && request.method === 'GET') {
      const refund = refunds.get(match[1]!);
      return refund ? { status: 200, body: refund } : error(404, `No such refund: '${match[1]}'`, { code: 'resource_missing' });
    }
    return error(404, `Unrecognized request URL (${request.method}: ${path}).`);
  }

  async function hostedPage(request: SeenRequest, id: string): Promise<StandInAnswer> {
    const session = sessions.get(id);
    if (!session) return { status: 404, html: '<h1>Not found</h1>' };
    if (request.method === 'GET') return { status: 200, html: checkoutPage('Stripe test checkout', `${session.currency.toUpperCase()} ${(session.amount_total / 100).toFixed(2)}`, ['paid', 'canceled']) };
    const outcome = new URLSearchParams(request.body).get('outcome');
    if (outcome !== 'paid' || session.status !== 'open') return { status: 303, location: session.cancel_url ?? session.success_url };
    await deliver(complete(id));
    return { status: 303, location: session.success_url };
  }

  /**
   * The buyer pays: the session completes with a payment intent, paid at once (a card) or, with
   * `processing`, later (a bank payment). Returns the signed `checkout.session.completed` event.
   */
  function complete(id: string, change: { intent?: Intent['status']; amountTotal?: number; currency?: string } = {}) {
    const session = sessions.get(id);
    if (!session) throw new Error(`no session ${id}`);
    const intent: Intent = { id: randomId('pi_', 24), object: 'payment_intent', amount: change.amountTotal ?? session.amount_total, currency: change.currency ?? session.currency, status: change.intent ?? 'succeeded' };
    intents.set(intent.id, intent);
    Object.assign(session, { status: 'complete', payment_status: intent.status === 'succeeded' ? 'paid' : 'unpaid', payment_intent: intent.id, url: null, amount_total: intent.amount, currency: intent.currency });
    return event('checkout.session.completed', session);
  }

  const standIn = await startStandIn(route);
  return {
    ...standIn,
    webhookSecret,
    sessions,
    intents,
    refunds,
    event,
    complete,
    /** The session Ticketguard made for an order, by the order id in its metadata. */
    sessionOf: (orderId: string) => [...sessions.values()].find((s) => s.metadata.orderId === orderId),
    /** Stripe expires an open session (its time ran out); the signed `checkout.session.expired` event. */
    expire(id: string) {
      const session = sessions.get(id)!;
      Object.assign(session, { status: 'expired', url: null });
      return event('checkout.session.expired', session);
    },
    /** A bank payment of a completed session arrives after all. */
    succeedAsync(id: string) {
      const session = sessions.get(id)!;
      intents.get(session.payment_intent!)!.status = 'succeeded';
      session.payment_status = 'paid';
      return event('checkout.session.async_payment_succeeded', session);
    },
    /** A bank payment of a completed session fails after all. */
    failAsync(id: string) {
      const session = sessions.get(id)!;
      intents.get(session.payment_intent!)!.status = 'requires_payment_method';
      return event('checkout.session.async_payment_failed', session);
    },
    newRefundsAre(status: Refund['status']) {
      refundStatus = status;
    },
  };
}

export type StripeStandIn = Awaited<ReturnType<typeof startStripeStandIn>>;
