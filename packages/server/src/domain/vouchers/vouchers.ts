import { randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import type { VoucherCampaignsTable, VouchersTable } from '../../storage/schema.ts';
import type { Repositories } from '../../storage/store.ts';
import { credentialSigner } from '../credentials/issue-credential.ts';
import { DomainError } from '../errors.ts';
import { ownedEvent } from '../events/owned-event.ts';

export interface NewCampaign {
  name: string;
  description?: string;
  perHolder?: number;
  validUntil?: string;
  issueOnCheckIn?: boolean;
}

/** A voucher campaign, e.g. "a free drink at the bar, once per visitor, until midnight". */
export async function createCampaign(ctx: Context, organizerId: string, eventId: string, input: NewCampaign) {
  return ctx.store.transaction(async (repos) => {
    const event = await ownedEvent(repos, eventId, organizerId);
    if (input.validUntil && Date.parse(input.validUntil) <= ctx.clock().getTime()) {
      throw new DomainError('invalid_request', 'validUntil must be in the future', 'validUntil');
    }
    const row: VoucherCampaignsTable = {
      id: randomUUID(),
      event_id: event.id,
      organizer_id: organizerId,
      name: input.name.trim(),
      description: input.description?.trim() ?? '',
      per_holder: input.perHolder ?? 1,
      valid_until: input.validUntil ? new Date(input.validUntil).toISOString() : null,
      issue_on_checkin: input.issueOnCheckIn ? 1 : 0,
      created_at: ctx.clock().toISOString(),
    };
    await repos.vouchers.insertCampaign(row);
    return row;
  });
}

/**
 * Gives each account a voucher of the campaign, bound to its phone's key with a credential of type
 * 0x02 exactly like a ticket, unless it has one already. Runs in the caller's transaction.
 */
export async function issueVouchers(repos: Repositories, secret: string, campaign: VoucherCampaignsTable, accountIds: string[], source: VouchersTable['source'], now: string) {
  if (accountIds.length === 0) return 0;
  const event = (await repos.events.find(campaign.event_id))!;
  const sign = await credentialSigner(repos, secret, event, now, campaign.valid_until);
  const version = await repos.events.nextPackVersion(event.id);
  let issued = 0;
  for (const accountId of new Set(accountIds)) {
    const holderJwk = await repos.accounts.holderJwkFor(accountId, event.organizer_id);
    const id = randomUUID();
    const credential = await sign({ type: 'voucher', id, seq: 1, holderJwk });
    const row: VouchersTable = {
      id, campaign_id: campaign.id, event_id: event.id, account_id: accountId, seq: 1, state: 'valid', uses: 0,
      credential, source, pack_version: version, created_at: now, updated_at: now,
    };
    if (await repos.vouchers.insertIfAbsent(row)) issued += 1;
  }
  return issued;
}
