import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PaymentProvider } from './provider.ts';

/**
 * The built-in test provider: its checkout is a page of this server with "pay" and "fail" buttons,
 * and it keeps no state of its own (the buttons settle the order directly), so there is nothing to
 * ask it later. The page is reached with a token derived from the instance secret, so only whoever
 * got the checkout URL (the buyer) can settle the order there. Its refunds move no money.
 */
export function sandboxProvider(settings: { secret: string; publicUrl: string }) {
  const tokenFor = (orderId: string) =>
    createHmac('sha256', settings.secret).update(`sandbox-checkout:${orderId}`).digest('base64url');
  const checkoutUrl = (orderId: string) => `${settings.publicUrl}/sandbox/checkout/${orderId}?token=${tokenFor(orderId)}`;
  const provider: PaymentProvider = {
    name: 'sandbox',
    createCheckout: async (request) => ({ reference: `sandbox_${request.orderId}`, checkoutUrl: checkoutUrl(request.orderId) }),
    getPayment: async () => undefined,
    cancelCheckout: async () => undefined,
    refund: async (request) => ({ reference: `sandbox_refund_${request.refundId}`, status: 'refunded' }),
    getRefund: async (_payment, reference) => ({ reference, status: 'refunded' }),
    checkCredentials: async () => undefined,
  };
  return {
    provider,
    checkoutUrl,
    isValidToken(orderId: string, token: string) {
      const expected = Buffer.from(tokenFor(orderId));
      const given = Buffer.from(token);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
