import type { Updateable } from 'kysely';
import type { Context } from '../context.ts';
import { forgetCatalog } from '../orders/sale-catalog.ts';
import { forgetPace } from '../waiting-room/room-pace.ts';
import type { EventsTable } from '../../storage/schema.ts';
import { DomainError } from '../errors.ts';
import { checkTimes, checkTransferPolicy } from './event-rules.ts';
import { ownedEvent } from './owned-event.ts';
import { followEventStart } from '../messaging/follow-event-start.ts';
import type { NewEvent } from './create-event.ts';
import { configureOpening } from '../waiting-room/configure-room.ts';

/** Edits an event that has not ended or been cancelled; the merged result must still make sense. */
export async function updateEvent(ctx: Context, organizerId: string, eventId: string, input: Partial<NewEvent>) {
  const result = await ctx.store.transaction(async (repos) => {
    const event = await ownedEvent(repos, eventId, organizerId);
    if (event.status === 'ended' || event.status === 'cancelled') {
      throw new DomainError('invalid_state', `an event that is ${event.status} cannot be edited`);
    }
    const times = {
      startsAt: input.startsAt ?? event.starts_at,
      endsAt: input.endsAt ?? event.ends_at,
      doorsAt: input.doorsAt ?? event.doors_at,
    };
    checkTimes(times);
    if (input.transferPolicy) checkTransferPolicy(input.transferPolicy);
    const changes: Updateable<EventsTable> = {
      name: input.name?.trim(),
      venue: input.venue?.trim(),
      starts_at: new Date(times.startsAt).toISOString(),
      ends_at: new Date(times.endsAt).toISOString(),
      doors_at: times.doorsAt ? new Date(times.doorsAt).toISOString() : null,
      transfer_mode: input.transferPolicy?.mode,
      max_transfers: input.transferPolicy ? (input.transferPolicy.maxTransfers ?? null) : undefined,
      max_tickets_per_account: input.maxTicketsPerAccount,
      window_seconds: input.scanWindowSeconds,
      description: input.description?.trim(),
      vat_basis_points: input.vatBasisPoints,
      updated_at: ctx.clock().toISOString(),
    };
    await repos.events.update(eventId, changes);
    await configureOpening(repos, { ...event, ends_at: changes.ends_at! }, input, changes.updated_at!);
    if (changes.starts_at !== event.starts_at) await followEventStart(repos, eventId, changes.starts_at!);
    return (await repos.events.find(eventId))!;
  });
  // The order path of this process sees the change at once, the others within a second.
  forgetCatalog(ctx, eventId);
  forgetPace(ctx, eventId);
  return result;
}
