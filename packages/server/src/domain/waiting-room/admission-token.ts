import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long an admission lasts: the visitor has this long to complete one order. */
export const admissionSeconds = 600;

const mac = (secret: string, eventId: string, accountId: string, expiresAt: number) =>
  createHmac('sha256', secret).update(`tg-queue-admission-v1|${eventId}|${accountId}|${expiresAt}`).digest().subarray(0, 16);

/**
 * The admission a waiting room hands out: `v1.<expiry, unix seconds>.<HMAC, base64url>`, bound to the
 * event and the account under TG_SECRET, so that any process checks it without reading the database
 * and a token passed to another phone is worthless.
 */
export function admissionToken(secret: string, eventId: string, accountId: string, admittedAt: string) {
  const expiresAt = Math.floor(Date.parse(admittedAt) / 1000) + admissionSeconds;
  return { token: `v1.${expiresAt}.${mac(secret, eventId, accountId, expiresAt).toString('base64url')}`, expiresAt: new Date(expiresAt * 1000).toISOString() };
}

/** Why a `Queue-Admission` header does not admit, or undefined when it does. */
export function admissionProblem(secret: string, token: string | undefined, eventId: string, accountId: string, now: Date) {
  if (!token) return 'this sale goes through its waiting room: join the queue and order with the admission it gives (Queue-Admission)';
  const [version, expiry, signature] = token.split('.');
  const expiresAt = Number(expiry);
  if (version !== 'v1' || !Number.isSafeInteger(expiresAt) || !signature) return 'Queue-Admission is not an admission of this waiting room';
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, eventId, accountId, expiresAt);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'Queue-Admission is not an admission of this account for this event';
  if (expiresAt * 1000 <= now.getTime()) return 'this admission has expired: it lasts 10 minutes';
  return undefined;
}
