import { checkoutPage, randomId, startStandIn, type SeenRequest, type StandInAnswer } from './stand-in-server.ts';

type Status = 'open' | 'pending' | 'authorized' | 'paid' | 'failed' | 'canceled' | 'expired';
type RefundStatus = 'queued' | 'pending' | 'processing' | 'refunded' | 'failed' | 'canceled';

interface Amount {
  currency: string;
  value: string;
}

interface Payment {
  resource: 'payment';
  id: string;
  mode: 'test';
  createdAt: string;
  amount: Amount;
  description: string;
  method: string | null;
  metadata: Record<string, unknown> | null;
  status: Status;
  isCancelable: boolean;
  expiresAt: string;
  redirectUrl: string;
  webhookUrl: string | null;
  _links: Record<string, { href: string; type: string }>;
}

interface Refund {
  resource: 'refund';
  id: string;
  amount: Amount;
  status: RefundStatus;
  createdAt: string;
  description: string;
  metadata: Record<string, unknown> | null;
  paymentId: string;
}

const error = (status: number, title: string, detail: string, field?: string): StandInAnswer => ({
  status,
  body: { status, title, detail, ...(field ? { field } : {}), _links: { documentation: { href: 'https://docs.mollie.com/overview/handling-errors', type: 'text/html' } } },
});

const cents = (amount: Amount) => Math.round(Number(amount.value) * 100);
const validAmount = (amount: unknown): amount is Amount =>
  typeof amount === 'object' && amount !== null && typeof (amount as Amount).currency === 'string' && /^\d+\.\d{2}$/.test(String((amount as Amount).value));

/**
 * Mollie's v2 API as far as Ticketguard uses it, from Mollie's API reference: payments (create, get,
 * cancel), refunds (create, get), methods (list), Bearer API keys, Idempotency-Key, its error bodies
 * and amounts as strings. A hosted checkout page at `_links.checkout.href` pays, fails or cancels a
 * payment, calls the payment's webhookUrl as Mollie does (a form POST of `id`), and sends the buyer
 * to its redirectUrl. With `unreachableHosts`, it refuses webhook URLs on those hosts, as Mollie
 * refuses `localhost`. Tests move payments along with `setStatus`, and collect the webhook calls
 * Mollie would make from `notifications`.
 */
export async function startMollieStandIn(options: { apiKeys?: string[]; cancelable?: boolean; deliverWebhooks?: boolean; unreachableHosts?: string[] } = {}) {
  const keys = new Set(options.apiKeys ?? ['test_standinstandinstandinstandin']);
  const payments = new Map<string, Payment>();
  const refunds = new Map<string, Refund[]>();
  /** Webhook calls Mollie would make: the payment id to POST to its webhookUrl. */
  const notifications: { webhookUrl: string; id: string }[] = [];
  let refundStatus: RefundStatus = 'pending';

  async function notify(payment: Payment) {
    if (!payment.webhookUrl) return;
    notifications.push({ webhookUrl: payment.webhookUrl, id: payment.id });
    if (options.deliverWebhooks) {
      await fetch(payment.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ id: payment.id }) }).catch(() => undefined);
    }
  }

  function remaining(payment: Payment) {
    const refunded = (refunds.get(payment.id) ?? []).filter((r) => r.status !== 'failed' && r.status !== 'canceled').reduce((sum, r) => sum + cents(r.amount), 0);
    return cents(payment.amount) - refunded;
  }

  function route(request: SeenRequest, port: number): StandInAnswer | Promise<StandInAnswer> {
    const url = new URL(request.path, 'http://stand-in');
    const checkout = /^\/checkout\/(tr_\w+)$/.exec(url.pathname);
    if (checkout) return hostedCheckout(request, checkout[1]!);
    const key = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
    if (!key || !keys.has(key)) return error(401, 'Unauthorized Request', 'Missing authentication, or failed to authenticate');
    const base = `http://127.0.0.1:${port}/v2`;
    const body = request.body ? (JSON.parse(request.body) as Record<string, unknown>) : {};
    const path = url.pathname;
    let match: RegExpExecArray | null;
    if (request.method === 'GET' && path === '/v2/methods') {
      const methods = [{ resource: 'method', id: 'ideal', description: 'iDEAL' }, { resource: 'method', id: 'bancontact', description: 'Bancontact' }, { resource: 'method', id: 'creditcard', description: 'Card' }];
      return { status: 200, body: { count: methods.length, _embedded: { methods }, _links: {} } };
    }
    if (request.method === 'POST' && path === '/v2/payments') {
      if (!validAmount(body.amount)) return error(422, 'Unprocessable Entity', 'The amount contains an invalid value', 'amount.value');
      if (typeof body.description !== 'string' || body.description === '') return error(422, 'Unprocessable Entity', 'The description is invalid', 'description');
      if (typeof body.redirectUrl !== 'string') return error(422, 'Unprocessable Entity', 'The redirect URL is invalid', 'redirectUrl');
      // As Mollie: a webhook URL it cannot reach (localhost, a private network) is refused.
      if (typeof body.webhookUrl === 'string' && options.unreachableHosts?.includes(new URL(body.webhookUrl).hostname)) {
        return error(422, 'Unprocessable Entity', "The webhook URL is invalid because it is unreachable from Mollie's point of view", 'webhookUrl');
      }
      const id = randomId('tr_');
      const now = new Date();
      const payment: Payment = {
        resource: 'payment', id, mode: 'test', createdAt: now.toISOString(), amount: body.amount, description: body.description, method: null,
        metadata: (body.metadata as Payment['metadata']) ?? null, status: 'open', isCancelable: options.cancelable ?? false,
        expiresAt: new Date(now.getTime() + 15 * 60_000).toISOString(), redirectUrl: body.redirectUrl, webhookUrl: typeof body.webhookUrl === 'string' ? body.webhookUrl : null,
        _links: {
          self: { href: `${base}/payments/${id}`, type: 'application/hal+json' },
          checkout: { href: `http://127.0.0.1:${port}/checkout/${id}`, type: 'text/html' },
        },
      };
      payments.set(id, payment);
      return { status: 201, body: payment };
    }
    if ((match = /^\/v2\/payments\/([^/]+)$/.exec(path))) {
      const payment = payments.get(match[1]!);
      if (!payment) return error(404, 'Not Found', `No payment exists with token ${match[1]}.`);
      if (request.method === 'GET') return { status: 200, body: payment };
      if (request.method === 'DELETE') {
        if (payment.status !== 'open' || !payment.isCancelable) return error(422, 'Unprocessable Entity', 'The payment cannot be canceled');
        payment.status = 'canceled';
        return { status: 200, body: payment };
      }
    }
    if ((match = /^\/v2\/payments\/([^/]+)\/refunds$/.exec(path)) && request.method === 'POST') {
      const payment = payments.get(match[1]!);
      if (!payment) return error(404, 'Not Found', `No payment exists with token ${match[1]}.`);
      if (payment.status !== 'paid') return error(422, 'Unprocessable Entity', 'The payment has not been paid and cannot be refunded');
      if (!validAmount(body.amount) || body.amount.currency !== payment.amount.currency) return error(422, 'Unprocessable Entity', 'The amount contains an invalid value', 'amount');
      if (cents(body.amount) > remaining(payment)) return error(422, 'Unprocessable Entity', 'The amount is higher than the amount that can be refunded', 'amount');
      const refund: Refund = {
        resource: 'refund', id: randomId('re_'), amount: body.amount, status: refundStatus, createdAt: new Date().toISOString(),
        description: String(body.description ?? ''), metadata: (body.metadata as Refund['metadata']) ?? null, paymentId: payment.id,
      };
      refunds.set(payment.id, [...(refunds.get(payment.id) ?? []), refund]);
      return { status: 201, body: refund };
    }
    if ((match = /^\/v2\/payments\/([^/]+)\/refunds\/([^/]+)$/.exec(path)) && request.method === 'GET') {
      const refund = (refunds.get(match[1]!) ?? []).find((r) => r.id === match![2]);
      return refund ? { status: 200, body: refund } : error(404, 'Not Found', `No refund exists with token ${match[2]}.`);
    }
    return error(404, 'Not Found', `no route ${request.method} ${path}`);
  }

  async function hostedCheckout(request: SeenRequest, id: string): Promise<StandInAnswer> {
    const payment = payments.get(id);
    if (!payment) return { status: 404, html: '<h1>Not found</h1>' };
    if (request.method === 'GET') return { status: 200, html: checkoutPage('Mollie test payment', `${payment.amount.currency} ${payment.amount.value}`, ['paid', 'failed', 'canceled']) };
    const outcome = new URLSearchParams(request.body).get('outcome') as Status;
    if (payment.status === 'open') await setStatus(id, outcome);
    return { status: 303, location: payment.redirectUrl };
  }

  /** Moves a payment on, as the bank or the buyer would, and queues (or sends) Mollie's webhook call. */
  async function setStatus(id: string, status: Status, change: { amount?: Amount } = {}) {
    const payment = payments.get(id);
    if (!payment) throw new Error(`no payment ${id}`);
    payment.status = status;
    if (change.amount) payment.amount = change.amount;
    await notify(payment);
  }

  const standIn = await startStandIn(route);
  return {
    ...standIn,
    apiUrl: `${standIn.url}/v2/`,
    payments,
    refunds,
    notifications,
    setStatus,
    /** The payment Ticketguard made for an order, by the order id in its metadata. */
    paymentOf: (orderId: string) => [...payments.values()].find((p) => p.metadata?.orderId === orderId),
    /** What new refunds start as: `pending` (Mollie's usual) or `refunded`. */
    newRefundsAre(status: RefundStatus) {
      refundStatus = status;
    },
    /** Mollie pays out every pending refund and calls the payment's webhook. */
    async settleRefunds(status: RefundStatus = 'refunded') {
      for (const [paymentId, list] of refunds) {
        for (const refund of list) if (refund.status === 'pending' || refund.status === 'queued') refund.status = status;
        await notify(payments.get(paymentId)!);
      }
    },
    /** A refund made outside Ticketguard, e.g. in Mollie's dashboard: less is left to refund. */
    refundElsewhere(paymentId: string, amount: Amount) {
      const refund: Refund = { resource: 'refund', id: randomId('re_'), amount, status: 'refunded', createdAt: new Date().toISOString(), description: 'dashboard', metadata: null, paymentId };
      refunds.set(paymentId, [...(refunds.get(paymentId) ?? []), refund]);
    },
  };
}

export type MollieStandIn = Awaited<ReturnType<typeof startMollieStandIn>>;
