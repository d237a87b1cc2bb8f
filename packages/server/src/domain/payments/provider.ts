/**
 * A payment provider behind one small interface, so that a real one (Mollie, Stripe, Adyen) can be
 * added without touching the order logic. The provider reports the outcome back by calling
 * `settleOrder` from its own route (a webhook for a real provider, a button for the sandbox).
 */
export interface PaymentProvider {
  readonly name: string;
  /** Starts the checkout of a pending order, or returns the running one when called again. */
  checkout(order: { id: string; totalCents: number; currency: string; expiresAt: string }): Promise<{ checkoutUrl: string }>;
  /** Pays `amountCents` of a paid order back to the buyer; the reference is the provider's. */
  refund(refund: { orderId: string; amountCents: number; currency: string; reason: string }): Promise<{ reference: string }>;
}
