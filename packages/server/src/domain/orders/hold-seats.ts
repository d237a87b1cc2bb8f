import { randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import type { OrdersTable, TicketTypesTable } from '../../storage/schema.ts';
import { addSeconds } from '../clock.ts';
import { DomainError } from '../errors.ts';
import { proofExpiry, type PendingProof } from '../accounts/remember-proof.ts';
import { admissionSeconds } from '../waiting-room/admission-token.ts';
import { checkAdmission, checkLimit } from './order-checks.ts';
import type { SaleCatalog } from './sale-catalog.ts';

/** A guarded seat update took nothing: sold out, sales stopped, the price changed or the sale ended. */
export class SaleRefused extends Error {}

export interface HoldInput {
  accountId: string;
  catalog: SaleCatalog;
  /** Ticket type id to quantity, merged. */
  quantities: Map<string, number>;
  provider: string;
  idempotency?: { scope: string; key: string; requestHash: string };
  throughRoom: boolean;
  proof?: PendingProof;
}

export const replayedProof = () => new DomainError('invalid_dpop_proof', 'DPoP proof refused: this proof was used before (jti replay)');

/** The pending order of a hold: what the buyer pays, until when the seats are kept. */
export function pendingOrder(ctx: Context, accountId: string, eventId: string, provider: string, now: Date): Omit<OrdersTable, 'total_cents' | 'currency'> {
  return {
    id: randomUUID(), account_id: accountId, event_id: eventId, status: 'pending', provider,
    created_at: now.toISOString(), expires_at: addSeconds(now, ctx.settings.orderHoldSeconds).toISOString(), settled_at: null, resale_listing_id: null,
  };
}

/**
 * The general path of a hold, in one transaction that writes everything the order needs and reads
 * as little as it can: the DPoP proof's jti (so a request costs one transaction), the order and its
 * items at the prices the catalog gave, the admission of a waiting room, the idempotency record,
 * and last the seats, each by one guarded update (on sale, not stopped, the same price, seats left)
 * so that the rows under contention are locked only for the commit. A guard that fails rolls it all
 * back (SaleRefused) and the caller finds out why.
 */
export async function holdSeats(ctx: Context, input: HoldInput) {
  const { catalog, quantities, proof } = input;
  const now = ctx.clock();
  const event = catalog.event;
  const ordered = [...quantities].map(([id, quantity]) => ({ type: catalog.types.get(id)!, quantity }));
  const base = pendingOrder(ctx, input.accountId, event.id, input.provider, now);
  const items = ordered.map(({ type, quantity }) => ({ order_id: base.id, ticket_type_id: type.id, quantity, unit_price_cents: type.price_cents }));
  const order: OrdersTable = { ...base, total_cents: items.reduce((sum, i) => sum + i.quantity * i.unit_price_cents, 0), currency: ordered[0]!.type.currency };
  const placed = await ctx.store.transaction(async (repos) => {
    if (proof && !proof.recorded && !(await repos.accounts.rememberJti(proof.key, proofExpiry(ctx)))) throw replayedProof();
    await checkAdmission(repos, input.accountId, event.id, ordered.map((o) => o.type));
    const admissions = ordered.filter((o) => o.type.kind === 'admission').reduce((sum, o) => sum + o.quantity, 0);
    await checkLimit(repos, input.accountId, event.id, event.max_tickets_per_account, admissions, now.toISOString());
    await repos.orders.insert(order, items);
    if (input.throughRoom && !(await repos.waitingRooms.claimAdmission(event.id, input.accountId, order.id, addSeconds(now, -admissionSeconds).toISOString()))) {
      throw new DomainError('queue_required', 'this admission was used for another order or has expired: the waiting room admits to one order');
    }
    if (input.idempotency) {
      const { scope, key, requestHash } = input.idempotency;
      await repos.idempotency.insert({ scope, key, request_hash: requestHash, status_code: 201, body: JSON.stringify({ orderId: order.id }), created_at: now.toISOString() });
    }
    // Sorted, so two multi-type orders always lock rows in the same order and cannot deadlock.
    for (const item of [...items].sort((a, b) => a.ticket_type_id.localeCompare(b.ticket_type_id))) {
      const guard = { eventId: event.id, priceCents: item.unit_price_cents, now: now.toISOString() };
      if (!(await repos.orders.takeCapacity(item.ticket_type_id, item.quantity, guard))) throw new SaleRefused();
    }
    return { order, items };
  });
  if (proof) proof.recorded = true;
  return placed;
}

/**
 * Why a guarded seat update took nothing, from fresh rows: the sale is over, a product's sales were
 * stopped, a price changed since the catalog was read (`stale`: try again with a fresh one), or the
 * seats are gone (`soldOut`).
 */
export async function whyRefused(ctx: Context, catalog: SaleCatalog, quantities: Map<string, number>): Promise<DomainError | 'stale' | 'soldOut'> {
  const repos = ctx.store.repos;
  const event = await repos.events.find(catalog.event.id);
  if (!event || event.status !== 'on_sale' || Date.parse(event.ends_at) <= ctx.clock().getTime()) {
    return new DomainError('invalid_state', `tickets for this event are not on sale (${event?.status ?? 'gone'})`);
  }
  const fresh = new Map((await repos.events.ticketTypes(event.id)).map((t) => [t.id, t]));
  const wanted = [...quantities.keys()].map((id) => fresh.get(id)).filter((t): t is TicketTypesTable => t !== undefined);
  const stopped = wanted.find((t) => t.sales_stopped_at);
  if (stopped) return new DomainError('sales_stopped', `${stopped.name} is no longer for sale`);
  if (wanted.some((t) => t.price_cents !== catalog.types.get(t.id)?.price_cents)) return 'stale';
  return 'soldOut';
}
