import { createHmac } from 'node:crypto';

/**
 * The pairwise pseudonym an organizer sees instead of an account id: HMAC-SHA-256 of the instance
 * secret over (organizer, account), truncated to 128 bits. The same phone gets a different ref at
 * every organizer, so two organizers cannot link their visitors.
 */
export function holderRef(secret: string, organizerId: string, accountId: string) {
  return createHmac('sha256', secret).update(`holder-ref\n${organizerId}\n${accountId}`).digest('base64url').slice(0, 22);
}
