import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PaymentProvider } from './provider.ts';

/**
 * The built-in test provider: its checkout is a page of this server with "pay" and "fail" buttons.
 * The page is reached with a token derived from the instance secret, so only whoever got the
 * checkout URL (the buyer) can settle the order there.
 */
export function sandboxProvider(settings: { secret: string; publicUrl: string }) {
  const tokenFor = (orderId: string) =>
    createHmac('sha256', settings.secret).update(`sandbox-checkout:${orderId}`).digest('base64url');
  const provider: PaymentProvider = {
    name: 'sandbox',
    async checkout(order) {
      return { checkoutUrl: `${settings.publicUrl}/sandbox/checkout/${order.id}?token=${tokenFor(order.id)}` };
    },
    async refund(refund) {
      return { reference: `sandbox-refund-${refund.orderId}-${Date.now()}` };
    },
  };
  return {
    provider,
    isValidToken(orderId: string, token: string) {
      const expected = Buffer.from(tokenFor(orderId));
      const given = Buffer.from(token);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
