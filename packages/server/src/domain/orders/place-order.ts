import { createHash, randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import type { EventsTable, OrdersTable, TicketTypesTable } from '../../storage/schema.ts';
import type { Repositories } from '../../storage/store.ts';
import { addSeconds } from '../clock.ts';
import { DomainError, notFound } from '../errors.ts';
import { ProviderUnavailable } from '../payments/provider.ts';
import { startCheckout } from '../payments/start-checkout.ts';
import { expireHolds } from './expire-holds.ts';
import { orderView, viewOf } from './order-view.ts';
import { admissionProblem, admissionSeconds } from '../waiting-room/admission-token.ts';
import { roomOf } from '../waiting-room/room-pace.ts';

export interface OrderRequest {
  eventId: string;
  items: { ticketTypeId: string; quantity: number }[];
}

class SoldOut extends Error {}

const soldOut = () => new DomainError('sold_out', 'not enough tickets left for this order');

/**
 * Places a hold: a pending order that takes its seats at once and keeps them for ORDER_HOLD_SECONDS
 * while the buyer pays. Example: 50 seats left and 200 buyers at the same moment: exactly 50 get a
 * pending order, 150 get `sold_out`, on SQLite and PostgreSQL alike.
 *
 * The seats are taken by conditional updates as the last statements before commit, so the rows
 * under contention are locked only for the commit itself. With an `Idempotency-Key` a repeated
 * request returns the first order and changes nothing. Then the checkout is made at the organizer's
 * payment provider; if that provider cannot be reached, the seats go back at once (503).
 */
export async function placeOrder(ctx: Context, accountId: string, request: OrderRequest, idempotencyKey?: string, queueAdmission?: string) {
  const scope = `orders:${accountId}`;
  const requestHash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
  if (idempotencyKey) {
    const earlier = await replay(ctx, scope, idempotencyKey, requestHash);
    if (earlier) return earlier;
  }
  const idempotency = idempotencyKey ? { scope, key: idempotencyKey, requestHash } : undefined;
  const event = await ctx.store.repos.events.find(request.eventId);
  if (!event || event.status === 'draft') throw notFound('event');
  const throughRoom = await checkOpening(ctx, event, accountId, queueAdmission);
  const provider = (await providerOf(ctx, event.organizer_id)).name;
  const quick = idempotency || throughRoom ? undefined : await holdInOneStatement(ctx, accountId, request, event, provider);
  if (quick) return { ...viewOf(quick.order, quick.items, [], await startCheckout(ctx, quick.order)), replayed: false };
  let placed: Awaited<ReturnType<typeof hold>>;
  try {
    placed = await hold(ctx, accountId, request, provider, idempotency, throughRoom);
  } catch (error) {
    if (idempotencyKey && ctx.store.storage.isUniqueViolation(error)) {
      const earlier = await replay(ctx, scope, idempotencyKey, requestHash);
      if (earlier) return earlier;
    }
    if (!(error instanceof SoldOut)) throw error;
    // Seats of orders whose hold ran out may not be back yet: return them, then try once more.
    if ((await expireHolds(ctx, { eventId: request.eventId })) === 0) throw soldOut();
    placed = await hold(ctx, accountId, request, provider, idempotency, throughRoom).catch((retryError: unknown) => {
      throw retryError instanceof SoldOut ? soldOut() : retryError;
    });
  }
  return { ...viewOf(placed.order, placed.items, [], await startCheckout(ctx, placed.order)), replayed: false };
}

/**
 * The common case, one ticket type and no per-account limit, as one statement where the database
 * can (PostgreSQL). Undefined means "take the general path", which also explains any refusal.
 */
async function holdInOneStatement(ctx: Context, accountId: string, request: OrderRequest, event: EventsTable, provider: string) {
  const holds = ctx.store.repos.oneStatementHolds;
  const [item, ...more] = request.items;
  if (!holds || !item || more.length > 0 || event.max_tickets_per_account !== null) return undefined;
  const now = ctx.clock();
  const placed = await holds.hold(
    {
      id: randomUUID(),
      account_id: accountId,
      event_id: event.id,
      status: 'pending',
      provider,
      created_at: now.toISOString(),
      expires_at: addSeconds(now, ctx.settings.orderHoldSeconds).toISOString(),
      settled_at: null,
      resale_listing_id: null,
    },
    item,
  );
  if (placed) return placed;
  // Sold out is the common refusal during an on-sale: answer it without the general path's work.
  const type = await ctx.store.repos.events.findTicketType(item.ticketTypeId);
  const soldOutNow = event.status === 'on_sale' && type?.event_id === event.id && type.taken + item.quantity > type.capacity;
  if (soldOutNow && (await expireHolds(ctx, { eventId: event.id })) === 0) throw soldOut();
  return undefined;
}

/**
 * Before the opening nothing is sold; after it, an event with a waiting room sells only to accounts
 * its room admitted (the `Queue-Admission` token, checked here without a database read; the hold then
 * takes the admission for this order). True when the order goes through the room.
 */
async function checkOpening(ctx: Context, event: EventsTable, accountId: string, admission: string | undefined) {
  const now = ctx.clock();
  const waitingRoom = (await roomOf(ctx, event.id))?.enabled === 1;
  if (event.on_sale_at && Date.parse(event.on_sale_at) > now.getTime()) {
    throw new DomainError(waitingRoom ? 'queue_required' : 'not_on_sale_yet', `the sale opens at ${event.on_sale_at}${waitingRoom ? ': join the waiting room before then for a fair chance' : ''}`);
  }
  if (!waitingRoom) return false;
  const problem = admissionProblem(ctx.settings.secret, admission, event.id, accountId, now);
  if (problem) throw new DomainError('queue_required', problem);
  return true;
}

/** The organizer's provider; one this instance has no keys for (any more) is as good as down. */
async function providerOf(ctx: Context, organizerId: string) {
  try {
    return await ctx.payments.forOrganizer(ctx.store.repos, organizerId);
  } catch (error) {
    if (!(error instanceof ProviderUnavailable)) throw error;
    throw new DomainError('payment_provider_unavailable', `${error.message}; nothing was held or charged`);
  }
}

async function replay(ctx: Context, scope: string, key: string, requestHash: string) {
  const row = await ctx.store.repos.idempotency.find(scope, key);
  if (!row) return undefined;
  if (row.request_hash !== requestHash) {
    throw new DomainError('idempotency_key_reused', 'this Idempotency-Key was used for a different order request');
  }
  return { ...(await orderView(ctx, JSON.parse(row.body).orderId)), replayed: true };
}

async function hold(
  ctx: Context,
  accountId: string,
  request: OrderRequest,
  provider: string,
  idempotency: { scope: string; key: string; requestHash: string } | undefined,
  throughRoom = false,
) {
  const quantities = mergeItems(request.items);
  const now = ctx.clock();
  return ctx.store.transaction(async (repos) => {
    const event = await repos.events.find(request.eventId);
    if (!event || event.status === 'draft') throw new DomainError('not_found', 'event not found');
    if (event.status !== 'on_sale' || Date.parse(event.ends_at) <= now.getTime()) {
      throw new DomainError('invalid_state', `tickets for this event are not on sale (${event.status})`);
    }
    const types = new Map((await repos.events.ticketTypes(event.id)).map((t) => [t.id, t]));
    for (const id of quantities.keys()) {
      const type = types.get(id);
      if (!type) throw new DomainError('invalid_request', `items: ticketTypeId ${id} is not a ticket type of this event`);
      if (type.sales_stopped_at) throw new DomainError('sales_stopped', `${type.name} is no longer for sale`);
    }
    const ordered = [...quantities].map(([id, quantity]) => ({ type: types.get(id)!, quantity }));
    await checkAdmission(repos, accountId, event.id, ordered.map((o) => o.type));
    const admissions = ordered.filter((o) => o.type.kind === 'admission').reduce((sum, o) => sum + o.quantity, 0);
    await checkLimit(repos, accountId, event.id, event.max_tickets_per_account, admissions, now.toISOString());

    const orderId = randomUUID();
    const items = [...quantities].map(([id, quantity]) => ({
      order_id: orderId,
      ticket_type_id: id,
      quantity,
      unit_price_cents: types.get(id)!.price_cents,
    }));
    const order: OrdersTable = {
      id: orderId,
      account_id: accountId,
      event_id: event.id,
      status: 'pending',
      total_cents: items.reduce((sum, i) => sum + i.quantity * i.unit_price_cents, 0),
      currency: types.get(items[0]!.ticket_type_id)!.currency,
      provider,
      created_at: now.toISOString(),
      expires_at: addSeconds(now, ctx.settings.orderHoldSeconds).toISOString(),
      settled_at: null,
      resale_listing_id: null,
    };
    await repos.orders.insert(order, items);
    if (throughRoom && !(await repos.waitingRooms.claimAdmission(event.id, accountId, orderId, addSeconds(now, -admissionSeconds).toISOString()))) {
      throw new DomainError('queue_required', 'this admission was used for another order or has expired: the waiting room admits to one order');
    }
    if (idempotency) {
      await repos.idempotency.insert({
        scope: idempotency.scope,
        key: idempotency.key,
        request_hash: idempotency.requestHash,
        status_code: 201,
        body: JSON.stringify({ orderId }),
        created_at: now.toISOString(),
      });
    }
    // Sorted, so two multi-type orders always lock rows in the same order and cannot deadlock.
    for (const item of [...items].sort((a, b) => a.ticket_type_id.localeCompare(b.ticket_type_id))) {
      if (!(await repos.orders.takeCapacity(item.ticket_type_id, item.quantity))) throw new SoldOut();
    }
    return { order, items };
  });
}

function mergeItems(items: OrderRequest['items']) {
  const quantities = new Map<string, number>();
  for (const item of items) quantities.set(item.ticketTypeId, (quantities.get(item.ticketTypeId) ?? 0) + item.quantity);
  return quantities;
}

/**
 * An add-on that requires admission (parking for the weekend) is sold only beside an admission ticket:
 * one bought in the same order, or one this account holds for the event.
 */
async function checkAdmission(repos: Repositories, accountId: string, eventId: string, types: TicketTypesTable[]) {
  const needing = types.filter((t) => t.kind === 'addon' && t.requires_admission === 1);
  if (needing.length === 0 || types.some((t) => t.kind === 'admission')) return;
  if (await repos.orders.holdsAdmission(accountId, eventId)) return;
  throw new DomainError(
    'admission_required',
    `${needing.map((t) => t.name).join(', ')} ${needing.length === 1 ? 'is' : 'are'} sold to holders of a ticket for this event: add a ticket to the order, or buy one first`,
  );
}

/** The per-account limit counts admission tickets: an add-on beside them is not another visitor. */
async function checkLimit(repos: Repositories, accountId: string, eventId: string, limit: number | null, wanted: number, now: string) {
  if (limit === null || wanted === 0) return;
  await repos.orders.lockAccount(accountId);
  const already = await repos.orders.countForAccount(accountId, eventId, now);
  if (already + wanted > limit) {
    throw new DomainError('limit_exceeded', `at most ${limit} tickets per account for this event; this account has ${already}`);
  }
}
