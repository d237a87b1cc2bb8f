import { generateRegistrationOptions, verifyRegistrationResponse, type RegistrationResponseJSON } from '@simplewebauthn/server';
import type { Context } from '../context.ts';
import { addSeconds } from '../clock.ts';
import { DomainError } from '../errors.ts';
import { challengeOf, challengeSeconds, refused, relyingParty } from './relying-party.ts';

/**
 * Options for backing an account up with a passkey. The passkey must be discoverable (resident), so
 * that on a new phone "recover my tickets" finds it without the visitor typing anything; the user
 * name is a fixed label, because an account has no personal data to show.
 */
export async function passkeyRegistrationOptions(ctx: Context, accountId: string) {
  const { rpID, rpName } = relyingParty(ctx);
  const existing = await ctx.store.repos.passkeys.ofAccount(accountId);
  const options = await generateRegistrationOptions({
    rpName,
    rpID,
    userName: 'Ticketguard wallet',
    userDisplayName: 'Ticketguard wallet',
    attestationType: 'none',
    timeout: challengeSeconds * 1000,
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: JSON.parse(p.transports) })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
  const now = ctx.clock();
  await ctx.store.repos.passkeys.insertChallenge({ challenge: options.challenge, purpose: 'registration', account_id: accountId, expires_at: addSeconds(now, challengeSeconds).toISOString() });
  return options;
}

/** Verifies the browser's registration against a challenge made for this account, and keeps the passkey. */
export async function registerPasskey(ctx: Context, accountId: string, response: RegistrationResponseJSON) {
  const now = ctx.clock().toISOString();
  const challenge = await ctx.store.repos.passkeys.takeChallenge(challengeOf(response.response.clientDataJSON), 'registration', now);
  if (!challenge || challenge.account_id !== accountId) {
    throw new DomainError('invalid_challenge', 'this registration does not answer an open challenge of this account; ask for new options');
  }
  const { rpID, origin } = relyingParty(ctx);
  let verification;
  try {
    verification = await verifyRegistrationResponse({ response, expectedChallenge: challenge.challenge, expectedOrigin: origin, expectedRPID: rpID, requireUserVerification: false });
  } catch (error) {
    throw refused(error instanceof Error ? error.message : 'it could not be verified');
  }
  if (!verification.verified || !verification.registrationInfo) throw refused('it could not be verified');
  const { credential } = verification.registrationInfo;
  try {
    await ctx.store.repos.passkeys.insert({
      id: credential.id,
      account_id: accountId,
      public_key: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: JSON.stringify(credential.transports ?? response.response.transports ?? []),
      created_at: now,
      last_used_at: null,
    });
  } catch (error) {
    if (ctx.store.storage.isUniqueViolation(error)) throw new DomainError('invalid_state', 'this passkey is registered already');
    throw error;
  }
  return { id: credential.id, createdAt: now };
}
