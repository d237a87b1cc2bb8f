import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** What the help desk reads about a ticket: never who holds it, only what happened to it. */
export function helpDeskRepository(db: Kysely<Database>) {
  return {
    /** The organizer's tickets with this reference (or this id), with their event and type. */
    deskTickets: (organizerId: string, by: { ref: string } | { id: string }) =>
      db
        .selectFrom('tickets')
        .innerJoin('events', 'events.id', 'tickets.event_id')
        .innerJoin('ticket_types', 'ticket_types.id', 'tickets.ticket_type_id')
        .select([
          'tickets.id', 'tickets.ref', 'tickets.event_id', 'tickets.ticket_type_id', 'tickets.state', 'tickets.seq', 'tickets.created_at', 'tickets.updated_at',
          'events.name as event_name', 'events.starts_at as event_starts_at', 'ticket_types.name as type_name', 'ticket_types.kind',
        ])
        .where('events.organizer_id', '=', organizerId)
        .where('ref' in by ? 'tickets.ref' : 'tickets.id', '=', 'ref' in by ? by.ref : by.id)
        .orderBy('events.starts_at', 'desc')
        .execute(),

    ticketOfOrganizer: (organizerId: string, ticketId: string) =>
      db
        .selectFrom('tickets')
        .innerJoin('events', 'events.id', 'tickets.event_id')
        .innerJoin('ticket_types', 'ticket_types.id', 'tickets.ticket_type_id')
        .selectAll('tickets')
        .select(['ticket_types.kind', 'ticket_types.name as type_name'])
        .where('events.organizer_id', '=', organizerId)
        .where('tickets.id', '=', ticketId)
        .executeTakeFirst(),

    /** The lists the ticket is inside now. */
    insideOn: (ticketId: string) =>
      db
        .selectFrom('check_ins')
        .innerJoin('check_in_lists', 'check_in_lists.id', 'check_ins.check_in_list_id')
        .select(['check_in_lists.id', 'check_in_lists.name'])
        .where('check_ins.ticket_id', '=', ticketId)
        .where('check_ins.inside', '=', 1)
        .orderBy('check_in_lists.name')
        .execute(),

    /** Everything recorded about a ticket, oldest first in each kind. */
    async history(ticketId: string) {
      const [transfers, scans, links, desk, refunds] = await Promise.all([
        db.selectFrom('transfers').select(['reason', 'seq', 'created_at']).where('ticket_id', '=', ticketId).orderBy('created_at').execute(),
        db
          .selectFrom('scans')
          .leftJoin('check_in_lists', 'check_in_lists.id', 'scans.check_in_list_id')
          .innerJoin('gate_devices', 'gate_devices.id', 'scans.gate_device_id')
          .select(['scans.scanned_at', 'scans.gate', 'scans.verdict', 'scans.reason', 'scans.direction', 'scans.conflict', 'check_in_lists.name as list_name', 'gate_devices.token_hash'])
          .where('scans.subject_id', '=', ticketId)
          .orderBy('scans.scanned_at')
          .execute(),
        db.selectFrom('claim_links').select(['created_at', 'claimed_at', 'revoked_at']).where('ticket_id', '=', ticketId).orderBy('created_at').execute(),
        db.selectFrom('audit_log').select(['action', 'detail', 'created_at']).where('subject', '=', ticketId).where('action', 'in', ['desk.check_in', 'desk.claim_link_sent']).orderBy('created_at').execute(),
        db.selectFrom('refunds').select(['created_at', 'reason']).where('ticket_id', '=', ticketId).execute(),
      ]);
      return { transfers, scans, links, desk, refunds };
    },
  };
}
