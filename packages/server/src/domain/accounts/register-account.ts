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

/** How long a process trusts what it read about a key; a recovery or erasure elsewhere applies within this. */
const keyMemoryMs = 2000;
const knownAccounts = new WeakMap<Context, Map<string, { accountId: string | undefined; until: number }>>();

/**
 * The account whose active holder key has this thumbprint, if any. Every wallet request asks; a
 * phone's requests come in bursts (an on-sale), so a process keeps the answer for two seconds. A
 * recovery or erasure made in this process is seen at once (forgetKeys), one made in another within
 * those two seconds.
 */
export async function accountOfKey(ctx: Context, thumbprint: string) {
  let known = knownAccounts.get(ctx);
  if (!known) knownAccounts.set(ctx, (known = new Map()));
  const hit = known.get(thumbprint);
  if (hit && hit.until > Date.now()) return hit.accountId;
  const accountId = (await ctx.store.repos.accounts.activeKey(thumbprint))?.account_id;
  if (known.size >= 50_000) known.clear();
  if (accountId) known.set(thumbprint, { accountId, until: Date.now() + keyMemoryMs });
  return accountId;
}

/** After keys moved to another account (recovery, erasure): this process reads them again. */
export const forgetKeys = (ctx: Context) => knownAccounts.get(ctx)?.clear();
