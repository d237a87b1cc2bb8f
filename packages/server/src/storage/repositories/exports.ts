import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** Rows for the organizer's CSV exports; account ids leave here only to be turned into pseudonyms. */
export function exportsRepository(db: Kysely<Database>) {
  return {
    ordersOfEvent: (eventId: string) =>
      db
        .selectFrom('orders')
        .select((eb) => [
          'orders.id',
          'orders.status',
          'orders.created_at',
          'orders.settled_at',
          'orders.account_id',
          'orders.total_cents',
          'orders.currency',
          'orders.resale_listing_id',
          eb.selectFrom('order_items').select((e) => e.fn.sum<string>('quantity').as('n')).whereRef('order_items.order_id', '=', 'orders.id').as('tickets'),
          eb.selectFrom('refunds').select((e) => e.fn.sum<string>('amount_cents').as('n')).whereRef('refunds.order_id', '=', 'orders.id').where('refunds.status', '!=', 'failed').as('refunded'),
        ])
        .where('orders.event_id', '=', eventId)
        .orderBy('orders.created_at')
        .orderBy('orders.id')
        .execute(),

    checkInsOfEvent: (eventId: string) =>
      db
        .selectFrom('check_ins')
        .innerJoin('tickets', 'tickets.id', 'check_ins.ticket_id')
        .innerJoin('ticket_types', 'ticket_types.id', 'tickets.ticket_type_id')
        .innerJoin('gate_devices', 'gate_devices.id', 'check_ins.gate_device_id')
        .select([
          'check_ins.ticket_id',
          'tickets.ticket_type_id',
          'ticket_types.name as ticket_type',
          'tickets.account_id',
          'check_ins.scanned_at',
          'check_ins.gate',
          'gate_devices.name as device',
        ])
        .where('check_ins.event_id', '=', eventId)
        .orderBy('check_ins.scanned_at')
        .orderBy('check_ins.ticket_id')
        .execute(),
  };
}
