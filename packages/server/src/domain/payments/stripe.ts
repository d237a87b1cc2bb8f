import Stripe from 'stripe';
import { ProviderRefused, ProviderUnavailable, type PaymentProvider, type PaymentReport, type RefundReport } from './provider.ts';

export interface StripeSettings {
  secretKey: string;
  /** `STRIPE_API_URL`; undefined for Stripe's own. */
  apiUrl?: string;
  timeoutMs: number;
}

/** Stripe wants a Checkout Session to live at least 30 minutes; ours is cancelled when our hold ends. */
const minimumSessionSeconds = 30 * 60 + 60;

type Session = Awaited<ReturnType<Stripe['checkout']['sessions']['retrieve']>>;
type Refund = Awaited<ReturnType<Stripe['refunds']['retrieve']>>;

/** The SDK's options for a Stripe stand-in at `apiUrl` (tests, a proxy); Stripe's own host without one. */
function endpointOptions(apiUrl: string | undefined) {
  if (!apiUrl) return {};
  const url = new URL(apiUrl);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port || (protocol === 'http' ? '80' : '443'), protocol } as const;
}

/**
 * A session's payment in our words. A completed session may still be unpaid (a bank payment on its
 * way): open until Stripe says paid, or until its payment intent is cancelled or asks for a new method.
 */
function report(session: Session): PaymentReport {
  const intent = typeof session.payment_intent === 'object' ? session.payment_intent : null;
  let status: PaymentReport['status'] = 'open';
  if (session.payment_status === 'paid' || session.payment_status === 'no_payment_required') status = 'paid';
  else if (session.status === 'expired') status = 'expired';
  else if (session.status === 'complete' && intent && (intent.status === 'canceled' || intent.status === 'requires_payment_method')) status = 'failed';
  return {
    reference: session.id,
    status,
    amountCents: session.amount_total ?? 0,
    currency: (session.currency ?? '').toUpperCase(),
    ...(session.metadata?.orderId ? { orderId: session.metadata.orderId } : {}),
  };
}

const refundStatusOf = (refund: Refund): RefundReport['status'] =>
  refund.status === 'succeeded' ? 'refunded' : refund.status === 'failed' || refund.status === 'canceled' ? 'failed' : 'pending';

/** The SDK's errors in ours: no answer or Stripe's own trouble is "unavailable", any other answer a refusal. */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError)) throw error;
    const status = error.statusCode ?? 0;
    if (status === 0 || status >= 500 || status === 429 || error instanceof Stripe.errors.StripeConnectionError) {
      throw new ProviderUnavailable(`Stripe did not answer: ${error.message}`);
    }
    throw new ProviderRefused(`Stripe refused: ${status} ${error.message}`, status);
  }
}

const isMissing = (error: unknown) => error instanceof ProviderRefused && error.status === 404;

/** Stripe: cards and wallets through Checkout Sessions. */
export function stripeProvider(settings: StripeSettings): PaymentProvider {
  const stripe = new Stripe(settings.secretKey, {
    ...endpointOptions(settings.apiUrl),
    timeout: settings.timeoutMs,
    // Retries belong to our job queue, which keeps the idempotency key and the backoff.
    maxNetworkRetries: 0,
    telemetry: false,
  });
  const retrieve = (reference: string) => guarded(() => stripe.checkout.sessions.retrieve(reference, { expand: ['payment_intent'] }));

  return {
    name: 'stripe',
    async createCheckout(request) {
      const nowSeconds = Math.floor(Date.now() / 1000);
      const session = await guarded(() =>
        stripe.checkout.sessions.create(
          {
            mode: 'payment',
            line_items: request.lines.map((line) => ({
              quantity: line.quantity,
              price_data: { currency: request.currency.toLowerCase(), unit_amount: line.unitPriceCents, product_data: { name: line.name } },
            })),
            metadata: { orderId: request.orderId },
            payment_intent_data: { metadata: { orderId: request.orderId }, description: request.description },
            client_reference_id: request.orderId,
            success_url: request.returnUrl,
            // Stripe's "back" leaves the session open: the order page then says so instead of waiting for a bank.
            cancel_url: `${request.returnUrl}?left=1`,
            expires_at: Math.max(Math.floor(Date.parse(request.expiresAt) / 1000), nowSeconds + minimumSessionSeconds),
          },
          { idempotencyKey: `checkout-${request.orderId}` },
        ),
      );
      if (!session.url) throw new ProviderRefused(`Stripe made session ${session.id} without a checkout URL`, 200);
      return { reference: session.id, checkoutUrl: session.url };
    },
    async getPayment(reference) {
      try {
        return report(await retrieve(reference));
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async cancelCheckout(reference) {
      const session = await retrieve(reference).catch((error: unknown) => (isMissing(error) ? undefined : Promise.reject(error)));
      if (!session || session.status !== 'open') return session && report(session);
      await guarded(() => stripe.checkout.sessions.expire(reference));
      return report(await retrieve(reference));
    },
    async refund(request) {
      const session = await retrieve(request.paymentReference);
      const intent = typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id;
      if (!intent) throw new ProviderRefused(`Stripe session ${request.paymentReference} has no payment to refund`, 400);
      const refund = await guarded(() =>
        stripe.refunds.create(
          { payment_intent: intent, amount: request.amountCents, metadata: { refundId: request.refundId, reason: request.description } },
          { idempotencyKey: `refund-${request.refundId}` },
        ),
      );
      return { reference: refund.id, status: refundStatusOf(refund) };
    },
    async getRefund(_paymentReference, refundReference) {
      const refund = await guarded(() => stripe.refunds.retrieve(refundReference));
      return { reference: refund.id, status: refundStatusOf(refund) };
    },
    async checkCredentials() {
      await guarded(() => stripe.balance.retrieve());
    },
  };
}

/**
 * Verifies a Stripe webhook against each candidate secret, on the exact bytes received (Stripe signs
 * `timestamp.body`); the event, or undefined when no secret verifies it.
 */
export function verifiedStripeEvent(rawBody: Buffer, signature: string, secrets: string[]) {
  for (const secret of secrets) {
    try {
      return Stripe.webhooks.constructEvent(rawBody, signature, secret);
    } catch {
      // Next secret: an organizer's own, or the instance's.
    }
  }
  return undefined;
}
