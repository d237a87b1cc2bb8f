import type { Context } from '../context.ts';
import { DomainError } from '../errors.ts';

/** How long a visitor has to finish a passkey ceremony after asking for its options. */
export const challengeSeconds = 300;

/** The relying party is this instance as visitors reach it: PUBLIC_URL's host and origin. */
export function relyingParty(ctx: Context) {
  const url = new URL(ctx.settings.publicUrl);
  return { rpID: url.hostname, origin: url.origin, rpName: 'Ticketguard' };
}

/** The challenge the browser signed, read from the clientDataJSON the response carries. */
export function challengeOf(clientDataJSON: string) {
  try {
    const challenge = (JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown }).challenge;
    if (typeof challenge === 'string' && challenge.length > 0 && challenge.length <= 256) return challenge;
  } catch {
    // Falls through to the refusal below.
  }
  throw new DomainError('invalid_request', 'body.response.response.clientDataJSON must be base64url of the client data JSON with a challenge');
}

export const refused = (reason: string) => new DomainError('passkey_refused', `the passkey was refused: ${reason}`);
