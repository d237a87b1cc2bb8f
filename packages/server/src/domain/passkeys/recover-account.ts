import { generateAuthenticationOptions, verifyAuthenticationResponse, type AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Context } from '../context.ts';
import { keyChangeTopic } from '../accounts/key-memory.ts';
import { forgetKeys } from '../accounts/register-account.ts';
import { addSeconds } from '../clock.ts';
import { DomainError } from '../errors.ts';
import { credentialSigner } from '../credentials/issue-credential.ts';
import { rebindTicket } from '../transfers/rebind-ticket.ts';
import { challengeOf, challengeSeconds, refused, relyingParty } from './relying-party.ts';

/** Options to sign in with any passkey of this instance: the phone offers its discoverable ones. */
export async function recoveryOptions(ctx: Context) {
  const { rpID } = relyingParty(ctx);
  const options = await generateAuthenticationOptions({ rpID, userVerification: 'preferred', timeout: challengeSeconds * 1000 });
  await ctx.store.repos.passkeys.insertChallenge({ challenge: options.challenge, purpose: 'recovery', account_id: null, expires_at: addSeconds(ctx.clock(), challengeSeconds).toISOString() });
  return options;
}

/**
 * Recovery on a new phone: the passkey proves the account; the phone's key (the one that signed this
 * request's DPoP proof) becomes the account's only active key, and every valid ticket and voucher is
 * rebound to it (seq + 1, new credential). From then on the old phone can neither call the API as
 * this account nor show a code the gate accepts: its codes are `superseded`.
 */
export async function recoverAccount(ctx: Context, holder: { thumbprint: string; jwk: object }, response: AuthenticationResponseJSON) {
  const now = ctx.clock().toISOString();
  const repos = ctx.store.repos;
  const challenge = await repos.passkeys.takeChallenge(challengeOf(response.response.clientDataJSON), 'recovery', now);
  if (!challenge) throw new DomainError('invalid_challenge', 'this sign-in does not answer an open recovery challenge; ask for new options');
  const passkey = await repos.passkeys.find(response.id);
  if (!passkey) throw refused('this passkey is not known here');
  const { rpID, origin } = relyingParty(ctx);
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential: { id: passkey.id, publicKey: Buffer.from(passkey.public_key, 'base64url'), counter: passkey.counter, transports: JSON.parse(passkey.transports) },
      requireUserVerification: false,
    });
  } catch (error) {
    throw refused(error instanceof Error ? error.message : 'it could not be verified');
  }
  if (!verification.verified) throw refused('the signature does not verify');
  const accountId = passkey.account_id;

  const recovered = await ctx.store.transaction(async (trx) => {
    await trx.passkeys.used(passkey.id, verification.authenticationInfo.newCounter, now);
    const current = await trx.accounts.findKey(holder.thumbprint);
    if (current?.account_id === accountId && current.active === 1) return { accountId, tickets: await trx.orders.ticketsOfAccount(accountId) };
    if (current && current.account_id !== accountId && (await trx.passkeys.holdsAnything(current.account_id))) {
      throw new DomainError('invalid_state', 'this phone already holds tickets of another account; recover on a phone without tickets');
    }
    await trx.passkeys.activateKey(accountId, { thumbprint: holder.thumbprint, jwk: JSON.stringify(holder.jwk) }, now);
    await trx.notices.send(keyChangeTopic);
    // The presentation keys stayed on the old phone: everything binds the new phone's key until it registers new ones.
    await trx.accounts.removePresentationKeys(accountId);
    for (const ticket of await trx.orders.ticketsOfAccount(accountId)) {
      if (ticket.state !== 'valid') continue;
      const event = (await trx.events.find(ticket.event_id))!;
      await rebindTicket(trx, ctx.settings.secret, event, ticket, { accountId, reason: 'recovery' }, now);
    }
    const key = await trx.accounts.activeKeyOfAccount(accountId);
    for (const voucher of await trx.passkeys.usableVouchers(accountId)) {
      const event = (await trx.events.find(voucher.event_id))!;
      const sign = await credentialSigner(trx, ctx.settings.secret, event, now, voucher.valid_until);
      const seq = voucher.seq + 1;
      const credential = await sign({ type: 'voucher', id: voucher.id, seq, holderJwk: key.jwk });
      await trx.passkeys.rebindVoucher(voucher.id, { seq, credential, pack_version: await trx.events.nextPackVersion(event.id), updated_at: now });
    }
    return { accountId, tickets: await trx.orders.ticketsOfAccount(accountId) };
  });
  forgetKeys(ctx);
  return recovered;
}
