import type { Context } from '../context.ts';
import { addSeconds } from '../clock.ts';
import { DomainError } from '../errors.ts';
import { applyPaymentReport } from './apply-payment.ts';
import { isProviderError } from './provider.ts';
import { recheckRefunds } from './refunds.ts';
import { verifiedStripeEvent } from './stripe.ts';
import { syncPayment } from './sync-payment.ts';

/** A Mollie payment id as Mollie writes it: `tr_` and letters and digits. */
export const molliePaymentId = /^tr_[A-Za-z0-9]{1,64}$/;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Mollie calls when a payment (or one of its refunds) changes, with nothing but the payment id.
 * Known payment: ask Mollie with the keys it was made with. Unknown: the webhook may have beaten our
 * own record of a payment we made in the last minute, so Mollie is asked with the instance's key and
 * its metadata names the order. Either way, an id that leads nowhere changes nothing, and the answer is the same.
 * If Mollie cannot be reached now, the reconciliation job asks again within a minute.
 */
export async function handleMollieWebhook(ctx: Context, paymentId: string) {
  const repos = ctx.store.repos;
  try {
    const known = await repos.payments.findByReference('mollie', paymentId);
    // Mollie calls the same webhook when one of the payment's refunds changes.
    if (known) {
      await syncPayment(ctx, known.id);
      await recheckRefunds(ctx, known.id);
      return;
    }
    // Only while such a race is possible: anyone can post ids here, and each unknown one would cost a call to Mollie.
    const recently = addSeconds(ctx.clock(), -60).toISOString();
    if (!ctx.payments.instanceKey('mollie') || !(await repos.payments.awaitingReference('mollie', recently))) return;
    const report = await ctx.payments.withCredentials('mollie', undefined).getPayment(paymentId);
    if (!report?.orderId || !uuid.test(report.orderId)) return;
    const order = await repos.orders.find(report.orderId);
    if (!order || order.provider !== 'mollie' || order.payment_reference !== null) return;
    const event = await repos.events.find(order.event_id);
    // Only an order that is paid with the instance's keys can be told from a payment read with them.
    if (!event || (await repos.payments.settingsOf(event.organizer_id))?.credentials_sealed) return;
    await applyPaymentReport(ctx, order.id, report);
  } catch (error) {
    if (!isProviderError(error)) throw error;
    ctx.log?.warn({ paymentId, err: error.message }, 'Mollie webhook: Mollie could not be asked; reconciliation will');
  }
}

interface StripeObject {
  id?: unknown;
  object?: unknown;
  metadata?: { orderId?: unknown; refundId?: unknown } | null;
}

/** The order a Stripe event is about, from its unverified body: only to pick which secret must verify it. */
function orderHint(rawBody: Buffer): { orderId?: string; refundId?: string } {
  try {
    const object = (JSON.parse(rawBody.toString('utf8')) as { data?: { object?: StripeObject } }).data?.object;
    const orderId = object?.metadata?.orderId;
    const refundId = object?.metadata?.refundId;
    return {
      ...(typeof orderId === 'string' && uuid.test(orderId) ? { orderId } : {}),
      ...(typeof refundId === 'string' && uuid.test(refundId) ? { refundId } : {}),
    };
  } catch {
    return {};
  }
}

/**
 * A Stripe event, verified on the exact bytes received against the organizer's own webhook secret
 * (where it has one) or the instance's; anything else is 400 `invalid_signature` and changes
 * nothing. A verified event about a Checkout Session asks Stripe how the session stands now, since
 * events arrive several times and out of order; one about a refund asks again about that refund.
 */
export async function handleStripeWebhook(ctx: Context, rawBody: Buffer, signature: string | undefined) {
  if (!signature) throw new DomainError('invalid_signature', 'the Stripe-Signature header is missing');
  const repos = ctx.store.repos;
  const hint = orderHint(rawBody);
  const refund = hint.refundId ? await repos.refunds.find(hint.refundId) : undefined;
  const order = await repos.orders.find(hint.orderId ?? refund?.order_id ?? '');
  const event = order ? await repos.events.find(order.event_id) : undefined;
  const secrets = await ctx.payments.stripeWebhookSecrets(repos, event?.organizer_id);
  const verified = verifiedStripeEvent(rawBody, signature, secrets);
  if (!verified) throw new DomainError('invalid_signature', 'the Stripe-Signature does not verify against the webhook secret for this payment');
  if (!order || order.provider !== 'stripe') return { type: verified.type, handled: false };
  try {
    if (verified.type.startsWith('checkout.session.')) await syncPayment(ctx, order.id);
    else if (verified.type.startsWith('refund.') || verified.type === 'charge.refunded') await recheckRefunds(ctx, order.id);
    else return { type: verified.type, handled: false };
  } catch (error) {
    if (!isProviderError(error)) throw error;
    ctx.log?.warn({ orderId: order.id, err: error.message }, 'Stripe webhook: Stripe could not be asked; reconciliation will');
  }
  return { type: verified.type, handled: true };
}
