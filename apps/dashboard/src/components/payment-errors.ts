import type { TFunction } from 'i18next';
import { ApiError } from '../api-client.ts';
import type { PaymentProvider } from '../types.ts';

/** The key fields by the names the server's messages use for them ("mollie.apiKey must be ..."). */
export const keyFields = ['mollie.apiKey', 'stripe.secretKey', 'stripe.webhookSecret'] as const;
export type KeyField = (typeof keyFields)[number];

export interface SaveProblem {
  /** What to say at each key field concerned. */
  fields: Partial<Record<KeyField, string>>;
  /** What concerns the whole form: a sentence, or the error itself for ErrorNotice. */
  form?: unknown;
}

/**
 * A refused save in the organizer's words, at the field it concerns where there is one. The server's
 * own sentences are English and name fields by their JSON path, so known codes are translated here.
 */
export function explainSaveError(error: unknown, provider: PaymentProvider, t: TFunction): SaveProblem {
  const name = t(`payments.name_${provider}`);
  if (!(error instanceof ApiError)) return { fields: {}, form: error };
  if (error.code === 'invalid_payment_credentials') {
    // Only the API key (Stripe: the secret key) can be checked with a call; a signing secret cannot.
    const field: KeyField = provider === 'stripe' ? 'stripe.secretKey' : 'mollie.apiKey';
    return { fields: { [field]: t(`payments.errors.refused_${provider}`) } };
  }
  if (error.code === 'invalid_request') {
    const named = keyFields.filter((field) => error.message.includes(field));
    const required = /is required/.test(error.message);
    const fields = Object.fromEntries(named.map((field) => [field, required ? t('payments.errors.required', { provider: name }) : t(`payments.errors.shape_${field.replace('.', '_')}`)]));
    return named.length > 0 ? { fields } : { fields: {}, form: error };
  }
  if (error.code === 'invalid_state') return { fields: {}, form: t('payments.errors.sandbox') };
  if (error.code === 'payment_provider_unavailable') return { fields: {}, form: t('payments.errors.unavailable', { provider: name }) };
  return { fields: {}, form: error };
}

/** A key hint as the organizer recognizes it: the hidden part as dots, then the last 4 characters. */
export const masked = (hint: string | null) => (hint ? `••••${hint}` : '');
