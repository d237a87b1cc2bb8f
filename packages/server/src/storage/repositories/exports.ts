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

    /**
     * Every accepted movement of a ticket through the gates, in scan order: entries and exits, with the
     * list and the device; `listId` keeps one list's.
     */
    checkInsOfEvent: (eventId: string, listId?: string) => {
      let query = db
        .selectFrom('scans')
        .innerJoin('tickets', 'tickets.id', 'scans.subject_id')
        .innerJoin('ticket_types', 'ticket_types.id', 'tickets.ticket_type_id')
        .innerJoin('gate_devices', 'gate_devices.id', 'scans.gate_device_id')
        .leftJoin('check_in_lists', 'check_in_lists.id', 'scans.check_in_list_id')
        .select([
          'tickets.holder_handle as ticket',
          'tickets.ticket_type_id',
          'ticket_types.name as ticket_type',
          'ticket_types.kind',
          'tickets.account_id',
          'check_in_lists.name as list',
          'scans.direction',
          'scans.scanned_at',
          'scans.gate',
          'gate_devices.name as device',
        ])
        .where('scans.event_id', '=', eventId)
        .where('scans.verdict', '=', 'accepted');
      if (listId) query = query.where('scans.check_in_list_id', '=', listId);
      return query.orderBy('scans.scanned_at').orderBy('scans.subject_id').execute();
    },

    /** What each order of the event holds, admission types first: "2 × Weekend, 1 × Parking". */
    itemsOfEvent: (eventId: string) =>
      db
        .selectFrom('order_items')
        .innerJoin('orders', 'orders.id', 'order_items.order_id')
        .innerJoin('ticket_types', 'ticket_types.id', 'order_items.ticket_type_id')
        .select(['order_items.order_id', 'order_items.quantity', 'ticket_types.name'])
        .where('orders.event_id', '=', eventId)
        .orderBy('ticket_types.kind', 'desc')
        .orderBy('ticket_types.created_at')
        .orderBy('ticket_types.name')
        .execute(),
  };
}
