import { createHash } from 'node:crypto';
import type { Context } from '../context.ts';
import type { PendingProof } from '../accounts/remember-proof.ts';
import { proofExpiry } from '../accounts/remember-proof.ts';
import { DomainError, notFound } from '../errors.ts';
import { startCheckout } from '../payments/start-checkout.ts';
import { expireHolds } from './expire-holds.ts';
import { holdSeats, pendingOrder, replayedProof, SaleRefused, whyRefused, type HoldInput } from './hold-seats.ts';
import { checkOpening, providerOf } from './order-checks.ts';
import { orderView, viewOf } from './order-view.ts';
import { forgetCatalog, saleCatalog, type SaleCatalog } from './sale-catalog.ts';

export interface OrderRequest {
  eventId: string;
  items: { ticketTypeId: string; quantity: number }[];
}

export interface OrderOptions {
  idempotencyKey?: string;
  /** The admission a waiting room gave this account (`Queue-Admission`). */
  queueAdmission?: string;
  /** The request's DPoP proof, recorded in the hold's own transaction (see http/auth/dpop.ts). */
  proof?: PendingProof;
}

const soldOut = () => new DomainError('sold_out', 'not enough tickets left for this order');

/**
 * Places a hold: a pending order that takes its seats at once and keeps them for ORDER_HOLD_SECONDS
 * while the buyer pays. Example: 50 seats left and 200 buyers at the same moment: exactly 50 get a
 * pending order, 150 get `sold_out`, on SQLite and PostgreSQL alike.
 *
 * The hot path of an on-sale, so it reads what it can from a one-second catalog and writes in one
 * transaction (on PostgreSQL one statement) that checks at the moment of sale what the catalog only
 * suggested; a refusal is explained from fresh rows afterwards. With an `Idempotency-Key` a repeated
 * request returns the first order and changes nothing. Then the checkout is made at the organizer's
 * payment provider; if that provider cannot be reached, the seats go back at once (503).
 */
export async function placeOrder(ctx: Context, accountId: string, request: OrderRequest, options: OrderOptions = {}) {
  const scope = `orders:${accountId}`;
  const requestHash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
  if (options.idempotencyKey) {
    const earlier = await replay(ctx, scope, options.idempotencyKey, requestHash);
    if (earlier) return earlier;
  }
  let catalog = await catalogFor(ctx, request);
  const event = catalog.event;
  const quantities = mergeItems(request.items);
  const tickets = [...quantities.keys()].some((id) => catalog.types.get(id)!.kind === 'admission');
  const throughRoom = await checkOpening(ctx, event, accountId, options.queueAdmission, tickets);
  const provider = (await providerOf(ctx, event.organizer_id)).name;
  const idempotency = options.idempotencyKey ? { scope, key: options.idempotencyKey, requestHash } : undefined;
  const input: HoldInput = { accountId, catalog, quantities, provider, idempotency, throughRoom, proof: options.proof };

  const quick = idempotency || throughRoom ? undefined : await holdInOneStatement(ctx, input);
  if (quick) return { ...viewOf(quick.order, quick.items, [], await startCheckout(ctx, quick.order)), replayed: false };
  for (let attempt = 0; ; attempt += 1) {
    try {
      const placed = await holdSeats(ctx, input);
      return { ...viewOf(placed.order, placed.items, [], await startCheckout(ctx, placed.order)), replayed: false };
    } catch (error) {
      if (idempotency && ctx.store.storage.isUniqueViolation(error)) {
        const earlier = await replay(ctx, scope, idempotency.key, requestHash);
        if (earlier) return earlier;
      }
      if (!(error instanceof SaleRefused)) throw error;
      const reason = await whyRefused(ctx, catalog, quantities);
      if (reason instanceof DomainError) throw reason;
      if (attempt > 0) throw soldOut();
      if (reason === 'stale') {
        forgetCatalog(ctx, event.id);
        catalog = (await saleCatalog(ctx, event.id))!;
        input.catalog = catalog;
      } else if ((await expireHolds(ctx, { eventId: event.id })) === 0) {
        // Seats of orders whose hold ran out may not be back yet: with none to return, it is sold out.
        throw soldOut();
      }
    }
  }
}

/** The event and the ordered types from the catalog; a type it does not know yet is looked up fresh once. */
async function catalogFor(ctx: Context, request: OrderRequest): Promise<SaleCatalog> {
  let catalog = await saleCatalog(ctx, request.eventId);
  const unknown = () => request.items.find((item) => !catalog!.types.has(item.ticketTypeId));
  if (catalog && unknown()) {
    forgetCatalog(ctx, request.eventId);
    catalog = await saleCatalog(ctx, request.eventId);
  }
  if (!catalog || catalog.event.status === 'draft') throw notFound('event');
  const missing = unknown();
  if (missing) throw new DomainError('invalid_request', `items: ticketTypeId ${missing.ticketTypeId} is not a ticket type of this event`);
  return catalog;
}

/**
 * The common case, one admission ticket type and no per-account limit, as one statement where the
 * database can (PostgreSQL). Undefined means "take the general path", which also explains any refusal.
 */
async function holdInOneStatement(ctx: Context, input: HoldInput) {
  const holds = ctx.store.repos.oneStatementHolds;
  const [item, ...more] = [...input.quantities];
  const type = item && input.catalog.types.get(item[0]);
  if (!holds || !item || more.length > 0 || type?.kind !== 'admission' || input.catalog.event.max_tickets_per_account !== null) return undefined;
  const now = ctx.clock();
  const proof = input.proof && !input.proof.recorded ? { key: input.proof.key, expiresAt: proofExpiry(ctx) } : undefined;
  const { proved, placed } = await holds.hold(pendingOrder(ctx, input.accountId, input.catalog.event.id, input.provider, now), { ticketTypeId: item[0], quantity: item[1] }, proof);
  if (proof && !proved) throw replayedProof();
  if (input.proof) input.proof.recorded = true;
  if (placed) return placed;
  // Sold out is the common refusal during an on-sale: answer it without the general path's work.
  if ((await whyRefused(ctx, input.catalog, input.quantities)) === 'soldOut' && (await expireHolds(ctx, { eventId: input.catalog.event.id })) === 0) throw soldOut();
  return undefined;
}

async function replay(ctx: Context, scope: string, key: string, requestHash: string) {
  const row = await ctx.store.repos.idempotency.find(scope, key);
  if (!row) return undefined;
  if (row.request_hash !== requestHash) {
    throw new DomainError('idempotency_key_reused', 'this Idempotency-Key was used for a different order request');
  }
  return { ...(await orderView(ctx, JSON.parse(row.body).orderId)), replayed: true };
}

/** The most of one type an order takes, however the items name it ("2 × A, 99 × A" is 101 × A). */
const maxPerType = 100;

function mergeItems(items: OrderRequest['items']) {
  const quantities = new Map<string, number>();
  for (const item of items) quantities.set(item.ticketTypeId, (quantities.get(item.ticketTypeId) ?? 0) + item.quantity);
  for (const [id, quantity] of quantities) {
    if (quantity > maxPerType) throw new DomainError('invalid_request', `items: at most ${maxPerType} of one ticket type per order; ${id} adds up to ${quantity}`);
  }
  return quantities;
}
