import type { Context } from '../context.ts';
import type { ConsentsTable } from '../../storage/schema.ts';
import type { Repositories } from '../../storage/store.ts';
import { notFound } from '../errors.ts';
import { orderedId } from '../ordered-id.ts';

/**
 * The consent ledger is append-only: granting and withdrawing are both new rows, and the newest row
 * for an (account, organizer, purpose) is the one in force (ids are time-ordered, see ordered-id.ts).
 * Withdrawing is as easy as granting.
 */
export async function recordConsent(
  repos: Repositories,
  now: string,
  row: { accountId: string; organizerId: string; purpose: string; granted: boolean; textVersion?: string; source: ConsentsTable['source'] },
) {
  if (!(await repos.organizers.findOrganizer(row.organizerId))) throw notFound('organizer');
  const consent: ConsentsTable = {
    id: orderedId(new Date(now)),
    account_id: row.accountId,
    organizer_id: row.organizerId,
    purpose: row.purpose,
    granted: row.granted ? 1 : 0,
    text_version: row.textVersion ?? '1',
    source: row.source,
    created_at: now,
  };
  await repos.privacy.insertConsent(consent);
  return consent;
}

/**
 * A new ledger row from the wallet. Withdrawing also deletes the answers given to that organizer for
 * that purpose: without the consent they were given under, they may not be kept.
 */
export const grantConsent = (ctx: Context, accountId: string, input: { organizerId: string; purpose: string; granted: boolean; textVersion?: string }) =>
  ctx.store.transaction(async (repos) => {
    const row = await recordConsent(repos, ctx.clock().toISOString(), { accountId, ...input, source: 'wallet' });
    const deleted = input.granted ? 0 : await repos.privacy.deleteAnswersFor(accountId, input.organizerId, input.purpose);
    return { ...row, answersDeleted: deleted };
  });

/** Which (account, purpose) pairs have consent in force at this organizer, from its ledger rows. */
export async function consentsInForce(repos: Repositories, organizerId: string, purposes: string[]) {
  const inForce = new Map<string, boolean>();
  for (const row of await repos.privacy.consentsForOrganizer(organizerId, purposes)) inForce.set(`${row.account_id}\n${row.purpose}`, row.granted === 1);
  return (accountId: string, purpose: string) => inForce.get(`${accountId}\n${purpose}`) === true;
}
