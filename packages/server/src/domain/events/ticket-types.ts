import { randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import { forgetCatalog } from '../orders/sale-catalog.ts';
import type { ProductKind, TicketTypesTable } from '../../storage/schema.ts';
import { DomainError } from '../errors.ts';
import { ownedEvent } from './owned-event.ts';

export interface NewTicketType {
  name: string;
  priceCents: number;
  currency: string;
  capacity: number;
  kind?: ProductKind;
  /** Add-ons only; true by default: only holders (or buyers) of an admission ticket may buy it. */
  requiresAdmission?: boolean;
}

/**
 * A ticket type is a product with a price and a capacity, e.g. "Standing, EUR 35.00, 500 seats", or
 * an add-on sold beside the tickets: "Parking, EUR 10.00, 80 places". All products of one event
 * share one currency, so an order has one total.
 */
export async function addTicketType(ctx: Context, organizerId: string, eventId: string, input: NewTicketType) {
  const result = await ctx.store.transaction(async (repos) => {
    const event = await ownedEvent(repos, eventId, organizerId);
    if (event.status === 'ended' || event.status === 'cancelled') {
      throw new DomainError('invalid_state', `an event that is ${event.status} takes no new ticket types`);
    }
    const existing = await repos.events.ticketTypes(eventId);
    const kind = input.kind ?? 'admission';
    if (kind === 'admission' && input.requiresAdmission !== undefined) {
      throw new DomainError('invalid_request', 'requiresAdmission applies to add-ons (kind "addon") only', 'requiresAdmission');
    }
    if (existing[0] && existing[0].currency !== input.currency) {
      throw new DomainError('invalid_request', `currency must be ${existing[0].currency}, like the event's other ticket types`, 'currency');
    }
    const row: TicketTypesTable = {
      id: randomUUID(),
      event_id: eventId,
      name: input.name.trim(),
      price_cents: input.priceCents,
      currency: input.currency,
      capacity: input.capacity,
      taken: 0,
      created_at: ctx.clock().toISOString(),
      kind,
      requires_admission: kind === 'addon' && input.requiresAdmission !== false ? 1 : 0,
      sales_stopped_at: null,
    };
    await repos.events.insertTicketType(row);
    return row;
  });
  // The order path of this process sees the change at once, the others within a second.
  forgetCatalog(ctx, eventId);
  return result;
}

export interface TicketTypeChanges extends Partial<Pick<NewTicketType, 'name' | 'capacity' | 'priceCents'>> {
  /** true stops selling it (what was sold stays valid); false sells it again. */
  salesStopped?: boolean;
}

/**
 * Renames, resizes, stops or resumes selling a ticket type of an event that has not ended or been
 * cancelled. Capacity never drops below what is already held or sold, and the price is fixed once
 * anything was taken, so every buyer of a type paid the same face value.
 */
export async function updateTicketType(
  ctx: Context,
  organizerId: string,
  eventId: string,
  ticketTypeId: string,
  input: TicketTypeChanges,
) {
  const result = await ctx.store.transaction(async (repos) => {
    const event = await ownedEvent(repos, eventId, organizerId);
    if (event.status === 'ended' || event.status === 'cancelled') {
      throw new DomainError('invalid_state', `the ticket types of an event that is ${event.status} cannot change`);
    }
    const type = await repos.events.findTicketType(ticketTypeId);
    if (!type || type.event_id !== eventId) throw new DomainError('not_found', 'ticket type not found');
    if (input.priceCents !== undefined && input.priceCents !== type.price_cents && type.taken > 0) {
      throw new DomainError('invalid_state', 'the price cannot change once tickets of this type are held or sold');
    }
    if (input.capacity !== undefined && !(await repos.events.setCapacity(ticketTypeId, input.capacity))) {
      throw new DomainError('invalid_state', `capacity cannot be below the ${type.taken} tickets already held or sold`);
    }
    const stopped = input.salesStopped === undefined ? undefined : input.salesStopped ? (type.sales_stopped_at ?? ctx.clock().toISOString()) : null;
    if (input.name !== undefined || input.priceCents !== undefined || stopped !== undefined) {
      await repos.events.updateTicketType(ticketTypeId, { name: input.name?.trim(), price_cents: input.priceCents, sales_stopped_at: stopped });
    }
    return (await repos.events.findTicketType(ticketTypeId))!;
  });
  // The order path of this process sees the change at once, the others within a second.
  forgetCatalog(ctx, eventId);
  return result;
}
