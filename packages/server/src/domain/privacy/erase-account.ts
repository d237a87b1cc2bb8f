import { randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import { keyChangeTopic } from '../accounts/key-memory.ts';
import { forgetKeys } from '../accounts/register-account.ts';

/**
 * Erasure (GDPR art. 17): profile answers, consents and declined questions are deleted; the
 * pseudonyms organizers saw stop leading anywhere, because the phone continues under a fresh
 * account id; tickets stay usable on the phone (they never needed personal data); orders and
 * refunds stay for the books, unlinked. One transaction: all of it or nothing.
 */
export async function eraseAccount(ctx: Context, accountId: string) {
  const now = ctx.clock().toISOString();
  await ctx.store.transaction(async (repos) => {
    await repos.accountData.erase(accountId, randomUUID(), now);
    await repos.notices.send(keyChangeTopic);
  });
  forgetKeys(ctx);
}
