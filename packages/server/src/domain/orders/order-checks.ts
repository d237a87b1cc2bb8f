import type { Context } from '../context.ts';
import type { EventsTable, TicketTypesTable } from '../../storage/schema.ts';
import type { Repositories } from '../../storage/store.ts';
import { DomainError } from '../errors.ts';
import { ProviderUnavailable } from '../payments/provider.ts';
import { admissionProblem } from '../waiting-room/admission-token.ts';
import { roomOf } from '../waiting-room/room-pace.ts';

/**
 * Before the opening nothing is sold; after it, an event with a waiting room sells tickets only to
 * accounts its room admitted (the `Queue-Admission` token, checked here without a database read; the
 * hold then takes the admission for this order). The room rations tickets: an order of add-ons alone
 * (parking for a ticket already bought) needs no place in it. True when the order goes through the room.
 */
export async function checkOpening(ctx: Context, event: EventsTable, accountId: string, admission: string | undefined, tickets: boolean) {
  const now = ctx.clock();
  const waitingRoom = (await roomOf(ctx, event.id))?.enabled === 1;
  if (event.on_sale_at && Date.parse(event.on_sale_at) > now.getTime()) {
    throw new DomainError(waitingRoom ? 'queue_required' : 'not_on_sale_yet', `the sale opens at ${event.on_sale_at}${waitingRoom ? ': join the waiting room before then for a fair chance' : ''}`);
  }
  if (!waitingRoom || !tickets) return false;
  const problem = admissionProblem(ctx.settings.secret, admission, event.id, accountId, now);
  if (problem) throw new DomainError('queue_required', problem);
  return true;
}

/** The organizer's provider; one this instance has no keys for (any more) is as good as down. */
export async function providerOf(ctx: Context, organizerId: string) {
  try {
    return await ctx.payments.forOrganizer(ctx.store.repos, organizerId);
  } catch (error) {
    if (!(error instanceof ProviderUnavailable)) throw error;
    throw new DomainError('payment_provider_unavailable', `${error.message}; nothing was held or charged`);
  }
}

/**
 * An add-on that requires admission (parking for the weekend) is sold only beside an admission ticket:
 * one bought in the same order, or one this account holds for the event.
 */
export async function checkAdmission(repos: Repositories, accountId: string, eventId: string, types: TicketTypesTable[]) {
  const needing = types.filter((t) => t.kind === 'addon' && t.requires_admission === 1);
  if (needing.length === 0 || types.some((t) => t.kind === 'admission')) return;
  if (await repos.orders.holdsAdmission(accountId, eventId)) return;
  throw new DomainError(
    'admission_required',
    `${needing.map((t) => t.name).join(', ')} ${needing.length === 1 ? 'is' : 'are'} sold to holders of a ticket for this event: add a ticket to the order, or buy one first`,
  );
}

/** The per-account limit counts admission tickets: an add-on beside them is not another visitor. */
export async function checkLimit(repos: Repositories, accountId: string, eventId: string, limit: number | null, wanted: number, now: string) {
  if (limit === null || wanted === 0) return;
  await repos.orders.lockAccount(accountId);
  const already = await repos.orders.countForAccount(accountId, eventId, now);
  if (already + wanted > limit) {
    throw new DomainError('limit_exceeded', `at most ${limit} tickets per account for this event; this account has ${already}`);
  }
}
