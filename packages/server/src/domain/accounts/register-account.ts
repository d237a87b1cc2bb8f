import { randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';

/**
 * An account is nothing but a holder key: the first time a phone's key is used here it becomes a
 * new, empty account. Calling again with the same key returns the same account.
 */
export async function registerAccount(ctx: Context, thumbprint: string, jwk: object) {
  const existing = await ctx.store.repos.accounts.findKey(thumbprint);
  if (existing) return { accountId: existing.account_id, created: false };
  const accountId = randomUUID();
  try {
    await ctx.store.transaction((repos) => repos.accounts.create(accountId, thumbprint, JSON.stringify(jwk), ctx.clock().toISOString()));
    return { accountId, created: true };
  } catch (error) {
    if (!ctx.store.storage.isUniqueViolation(error)) throw error;
    // The same phone raced itself (a retried request): the other request made the account.
    const winner = await ctx.store.repos.accounts.findKey(thumbprint);
    if (!winner) throw error;
    return { accountId: winner.account_id, created: false };
  }
}

/**
 * The account whose active holder key has this thumbprint, if any. Every wallet request asks; the
 * process remembers answers (see KeyMemory for how long and how key changes reach it).
 */
export const accountOfKey = (ctx: Context, thumbprint: string) =>
  ctx.keyMemory.accountOf(thumbprint, async () => (await ctx.store.repos.accounts.activeKey(thumbprint))?.account_id);

/** After keys moved to another account (recovery, erasure): this process reads them again at once. */
export const forgetKeys = (ctx: Context) => ctx.keyMemory.forget();
