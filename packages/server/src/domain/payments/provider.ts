import type { PaymentStatus } from '../../storage/schema.ts';

export type ProviderName = 'sandbox' | 'mollie' | 'stripe';
export const providerNames = ['sandbox', 'mollie', 'stripe'] as const satisfies readonly ProviderName[];

/** What a provider says about one payment, in the same words for every provider. */
export interface PaymentReport {
  reference: string;
  status: PaymentStatus;
  /** What the provider says was (or is to be) paid; tickets are issued only when it is exactly the order's. */
  amountCents: number;
  currency: string;
  /** Our order id as the provider keeps it in the payment's metadata. */
  orderId?: string;
}

/** What a provider says about one refund. `pending` means it accepted it and the money has not moved yet. */
export interface RefundReport {
  reference: string;
  status: 'pending' | 'refunded' | 'failed';
}

export interface CheckoutRequest {
  orderId: string;
  amountCents: number;
  currency: string;
  /** One line the buyer sees at the provider, e.g. "2 tickets, Night of Tests". */
  description: string;
  /** The ticket lines, for providers that show them (Stripe). */
  lines: { name: string; quantity: number; unitPriceCents: number }[];
  /** Where the provider sends the buyer afterwards: the wallet's order page. */
  returnUrl: string;
  /** When our hold ends. */
  expiresAt: string;
}

export interface RefundRequest {
  /** The payment to refund (`payment_reference` of the order). */
  paymentReference: string;
  /** Our refund id: the idempotency key, so that a retried call never pays twice. */
  refundId: string;
  amountCents: number;
  currency: string;
  description: string;
}

/**
 * A payment provider behind one small interface: the order logic never knows which one it talks to.
 * Every call may throw `ProviderUnavailable` (no answer in time, a network error, a 5xx) or
 * `ProviderRefused` (the provider said no, with its own message); callers decide what that means.
 */
export interface PaymentProvider {
  readonly name: ProviderName;
  /** Starts the checkout of a pending order at the provider. */
  createCheckout(request: CheckoutRequest): Promise<{ reference: string; checkoutUrl: string }>;
  /** The payment as the provider knows it now; undefined if it knows no such payment. */
  getPayment(reference: string): Promise<PaymentReport | undefined>;
  /**
   * Ends a checkout that is still open (our hold ran out), where the provider allows it, and returns
   * the payment as it stands afterwards: it may have been paid in the meantime.
   */
  cancelCheckout(reference: string): Promise<PaymentReport | undefined>;
  refund(request: RefundRequest): Promise<RefundReport>;
  getRefund(paymentReference: string, refundReference: string): Promise<RefundReport>;
  /** One cheap authenticated call; throws `ProviderRefused` for keys the provider does not accept. */
  checkCredentials(): Promise<void>;
}

/** The provider could not be asked: no answer in time, a network error, or its own server error. */
export class ProviderUnavailable extends Error {}

/** The provider answered and said no (a wrong key, a refund larger than what is left, ...). */
export class ProviderRefused extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** The request field the provider named, where it named one. */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Whether the error is the provider's answer or silence, as opposed to a fault of ours. */
export const isProviderError = (error: unknown): error is ProviderUnavailable | ProviderRefused =>
  error instanceof ProviderUnavailable || error instanceof ProviderRefused;

/** Decimals of the currency's minor unit: 2 for EUR, 0 for JPY, 3 for KWD. */
const decimalsOf = (currency: string) => new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

/** "12.50" for 1250 minor units of EUR, "1250" for 1250 JPY: the amount `value` Mollie expects. */
export function decimalAmount(minorUnits: number, currency: string) {
  const decimals = decimalsOf(currency);
  if (decimals === 0) return String(minorUnits);
  const text = String(minorUnits).padStart(decimals + 1, '0');
  return `${text.slice(0, -decimals)}.${text.slice(-decimals)}`;
}

/** 1250 for "12.50" EUR; NaN for anything that is not a plain amount with the currency's decimals. */
export function minorUnitsOf(value: string, currency: string) {
  const decimals = decimalsOf(currency);
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value);
  if (!match || (match[2] ?? '').length > decimals) return Number.NaN;
  return Number(match[1]) * 10 ** decimals + Number((match[2] ?? '').padEnd(decimals, '0') || '0');
}
