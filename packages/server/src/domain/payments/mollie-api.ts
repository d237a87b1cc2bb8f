import { ProviderRefused, ProviderUnavailable } from './provider.ts';

/**
 * The part of Mollie's v2 REST API we use, on `fetch`: create, get and cancel a payment, create and
 * get a refund, list methods. Not `@mollie/api-client`: version 4 forces https and its own bundled
 * CA list on every request, so it cannot be pointed at anything but api.mollie.com, which no test
 * here can reach (docs/decisions/2026-12-04-mollie-over-fetch.md).
 */
export interface MollieAmount {
  currency: string;
  value: string;
}

export interface MolliePayment {
  resource: 'payment';
  id: string;
  status: 'open' | 'pending' | 'authorized' | 'paid' | 'failed' | 'canceled' | 'expired';
  amount: MollieAmount;
  description: string;
  metadata: { orderId?: string } | null;
  isCancelable?: boolean;
  _links: { checkout?: { href: string } };
}

export interface MollieRefund {
  resource: 'refund';
  id: string;
  status: 'queued' | 'pending' | 'processing' | 'refunded' | 'failed' | 'canceled';
  amount: MollieAmount;
  paymentId: string;
}

export interface MollieApiSettings {
  apiKey: string;
  /** `MOLLIE_API_URL`, e.g. https://api.mollie.com/v2/ */
  baseUrl: string;
  timeoutMs: number;
}

/** Mollie's error body: `{status, title, detail, field?}`. */
interface MollieError {
  status?: number;
  title?: string;
  detail?: string;
  field?: string;
}

export function mollieApi(settings: MollieApiSettings) {
  const base = settings.baseUrl.endsWith('/') ? settings.baseUrl : `${settings.baseUrl}/`;

  /** One call; a GET answered 404 is undefined, so "no such payment" is not an error. */
  async function call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: object, idempotencyKey?: string): Promise<T | undefined> {
    let response: Response;
    try {
      response = await fetch(new URL(path, base), {
        method,
        headers: {
          authorization: `Bearer ${settings.apiKey}`,
          accept: 'application/hal+json, application/json',
          'user-agent': 'Ticketguard',
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
    } catch (error) {
      throw new ProviderUnavailable(`Mollie did not answer: ${describe(error, settings.timeoutMs)}`);
    }
    const text = await response.text().catch(() => '');
    if (response.status === 404 && method === 'GET') return undefined;
    if (response.status >= 500 || response.status === 429) throw new ProviderUnavailable(`Mollie answered ${response.status}`);
    const parsed = parse(text);
    if (!response.ok) {
      const error = (parsed ?? {}) as MollieError;
      const detail = [error.detail ?? error.title ?? 'no detail', error.field ? `(field ${error.field})` : ''].join(' ').trim();
      throw new ProviderRefused(`Mollie refused: ${response.status} ${detail}`, response.status, error.field);
    }
    if (parsed === undefined) throw new ProviderUnavailable(`Mollie answered ${response.status} without JSON`);
    return parsed as T;
  }

  return {
    createPayment: async (payment: {
      amount: MollieAmount;
      description: string;
      redirectUrl: string;
      webhookUrl?: string;
      metadata: { orderId: string };
    }, idempotencyKey: string) => (await call<MolliePayment>('POST', 'payments', payment, idempotencyKey))!,
    getPayment: (id: string) => call<MolliePayment>('GET', `payments/${encodeURIComponent(id)}`),
    cancelPayment: (id: string) => call<MolliePayment>('DELETE', `payments/${encodeURIComponent(id)}`),
    createRefund: async (paymentId: string, refund: { amount: MollieAmount; description: string; metadata: { refundId: string } }, idempotencyKey: string) =>
      (await call<MollieRefund>('POST', `payments/${encodeURIComponent(paymentId)}/refunds`, refund, idempotencyKey))!,
    getRefund: (paymentId: string, refundId: string) =>
      call<MollieRefund>('GET', `payments/${encodeURIComponent(paymentId)}/refunds/${encodeURIComponent(refundId)}`),
    listMethods: () => call<{ count: number; _embedded: { methods: { id: string; description: string }[] } }>('GET', 'methods'),
  };
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function describe(error: unknown, timeoutMs: number) {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  return cause ?? (error instanceof Error ? error.message : String(error));
}
