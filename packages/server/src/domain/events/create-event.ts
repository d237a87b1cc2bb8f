import { randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import type { EventsTable } from '../../storage/schema.ts';
import { createIssuerKey } from '../credentials/issuer-keys.ts';
import { defaultLists } from '../check-in-lists/check-in-lists.ts';
import { configureOpening, type SaleOpening } from '../waiting-room/configure-room.ts';
import { checkTimes, checkTransferPolicy, type TransferPolicy } from './event-rules.ts';

export interface NewEvent {
  name: string;
  venue: string;
  startsAt: string;
  endsAt: string;
  doorsAt?: string;
  transferPolicy?: TransferPolicy;
  maxTicketsPerAccount?: number;
  scanWindowSeconds?: number;
  onSaleAt?: SaleOpening['onSaleAt'];
  waitingRoom?: SaleOpening['waitingRoom'];
  description?: string;
  vatBasisPoints?: number | null;
}

/**
 * A new event starts as a draft: nothing is for sale until the organizer publishes it. Its issuer
 * key is made with it, so every ticket it ever sells can be signed, and so are its default check-in
 * lists, so every gate device has a list to scan for.
 */
export async function createEvent(ctx: Context, organizerId: string, input: NewEvent): Promise<EventsTable> {
  checkTimes(input);
  const policy = input.transferPolicy ?? { mode: 'none' };
  checkTransferPolicy(policy);
  const now = ctx.clock().toISOString();
  const row: EventsTable = {
    id: randomUUID(),
    organizer_id: organizerId,
    name: input.name.trim(),
    venue: input.venue.trim(),
    starts_at: new Date(input.startsAt).toISOString(),
    ends_at: new Date(input.endsAt).toISOString(),
    doors_at: input.doorsAt ? new Date(input.doorsAt).toISOString() : null,
    status: 'draft',
    transfer_mode: policy.mode,
    max_transfers: policy.maxTransfers ?? null,
    max_tickets_per_account: input.maxTicketsPerAccount ?? null,
    window_seconds: input.scanWindowSeconds ?? 15,
    description: input.description?.trim() ?? '',
    vat_basis_points: input.vatBasisPoints ?? null,
    pack_version: 0,
    created_at: now,
    updated_at: now,
  };
  await ctx.store.transaction(async (repos) => {
    await repos.events.insert(row);
    await createIssuerKey(repos, ctx.settings.secret, row.id, now);
    await repos.checkInLists.insert(defaultLists(row.id, now));
    await configureOpening(repos, row, input, now);
  });
  if (input.onSaleAt !== undefined) row.on_sale_at = input.onSaleAt ? new Date(input.onSaleAt).toISOString() : null;
  return row;
}
