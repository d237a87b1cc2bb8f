import type { Context } from '../context.ts';

/**
 * Every datum held about an account, as one JSON document (GDPR art. 15 and 20). Rows are given
 * as stored, so nothing is left out by a presenter forgetting a field.
 */
export async function exportAccount(ctx: Context, accountId: string) {
  const data = await ctx.store.repos.accountData.collect(accountId);
  return {
    format: 'ticketguard-account-export/1',
    exportedAt: ctx.clock().toISOString(),
    ...data,
    tickets: data.tickets.map(({ credential, ...ticket }) => ({ ...ticket, credentialBytes: credential ? Buffer.from(credential, 'base64url').length : 0 })),
  };
}
