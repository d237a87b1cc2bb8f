/**
 * The one catalogue of machine-readable error codes. The HTTP layer maps a code to its status from
 * this table; the human message travels separately, so clients branch on `code`, never on text.
 */
export const errorCatalogue = {
  invalid_request: 400,
  invalid_challenge: 400,
  invalid_signature: 400,
  invalid_payment_credentials: 400,
  unauthorized: 401,
  invalid_dpop_proof: 401,
  passkey_refused: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  sold_out: 409,
  limit_exceeded: 409,
  invalid_state: 409,
  transfer_not_allowed: 409,
  already_claimed: 409,
  email_taken: 409,
  invite_used: 409,
  last_owner: 409,
  refund_exceeds_payment: 409,
  admission_required: 409,
  sales_stopped: 409,
  list_in_use: 409,
  not_on_sale_yet: 409,
  queue_required: 409,
  invite_not_found: 404,
  invite_expired: 410,
  idempotency_key_reused: 422,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
  payment_provider_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorCatalogue;

export function statusOf(code: ErrorCode): number {
  return errorCatalogue[code];
}
