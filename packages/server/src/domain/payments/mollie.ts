import { mollieApi, type MolliePayment, type MollieRefund } from './mollie-api.ts';
import { ProviderRefused, decimalAmount, minorUnitsOf, type PaymentProvider, type PaymentReport, type RefundReport } from './provider.ts';

export interface MollieSettings {
  apiKey: string;
  apiUrl: string;
  timeoutMs: number;
  /** PUBLIC_URL + /api/v1/payments/mollie/webhook */
  webhookUrl: string;
}

/** Mollie's payment states in ours: `pending` (at the bank) and `authorized` (pay later) are still open. */
const statusOf: Record<MolliePayment['status'], PaymentReport['status']> = {
  open: 'open',
  pending: 'open',
  authorized: 'open',
  paid: 'paid',
  failed: 'failed',
  canceled: 'canceled',
  expired: 'expired',
};

const refundStatusOf: Record<MollieRefund['status'], RefundReport['status']> = {
  queued: 'pending',
  pending: 'pending',
  processing: 'pending',
  refunded: 'refunded',
  failed: 'failed',
  canceled: 'failed',
};

const report = (payment: MolliePayment): PaymentReport => ({
  reference: payment.id,
  status: statusOf[payment.status] ?? 'open',
  amountCents: minorUnitsOf(payment.amount.value, payment.amount.currency),
  currency: payment.amount.currency,
  ...(payment.metadata?.orderId ? { orderId: payment.metadata.orderId } : {}),
});

/**
 * Mollie, the Dutch default: iDEAL, Bancontact, cards. An order is one Mollie payment; Mollie's
 * webhook carries only the payment id, so every report is read back from Mollie itself.
 */
export function mollieProvider(settings: MollieSettings): PaymentProvider {
  const api = mollieApi({ apiKey: settings.apiKey, baseUrl: settings.apiUrl, timeoutMs: settings.timeoutMs });
  return {
    name: 'mollie',
    async createCheckout(request) {
      const payment = {
        amount: { currency: request.currency, value: decimalAmount(request.amountCents, request.currency) },
        description: request.description,
        redirectUrl: request.returnUrl,
        metadata: { orderId: request.orderId },
      };
      const created = await api.createPayment({ ...payment, webhookUrl: settings.webhookUrl }, `checkout-${request.orderId}`).catch((error: unknown) => {
        // Mollie refuses a webhook URL it cannot reach (PUBLIC_URL on localhost or a private network). Such
        // a payment still settles, by the buyer's return and by reconciliation, only without the webhook.
        if (!(error instanceof ProviderRefused && error.field === 'webhookUrl')) throw error;
        return api.createPayment(payment, `checkout-${request.orderId}-without-webhook`);
      });
      const checkoutUrl = created._links.checkout?.href;
      if (!checkoutUrl) throw new ProviderRefused(`Mollie made payment ${created.id} without a checkout link`, 200);
      return { reference: created.id, checkoutUrl };
    },
    async getPayment(reference) {
      const payment = await api.getPayment(reference);
      return payment && report(payment);
    },
    async cancelCheckout(reference) {
      const payment = await api.getPayment(reference);
      if (!payment) return undefined;
      // iDEAL payments cannot be cancelled: they stay open until Mollie expires them (about 15 minutes).
      if (payment.status !== 'open' || !payment.isCancelable) return report(payment);
      return report((await api.cancelPayment(reference)) ?? payment);
    },
    async refund(request) {
      const refund = await api.createRefund(
        request.paymentReference,
        {
          amount: { currency: request.currency, value: decimalAmount(request.amountCents, request.currency) },
          description: request.description,
          metadata: { refundId: request.refundId },
        },
        request.refundId,
      );
      return { reference: refund.id, status: refundStatusOf[refund.status] ?? 'pending' };
    },
    async getRefund(paymentReference, refundReference) {
      const refund = await api.getRefund(paymentReference, refundReference);
      if (!refund) throw new ProviderRefused(`Mollie knows no refund ${refundReference} of payment ${paymentReference}`, 404);
      return { reference: refund.id, status: refundStatusOf[refund.status] ?? 'pending' };
    },
    async checkCredentials() {
      await api.listMethods();
    },
  };
}
