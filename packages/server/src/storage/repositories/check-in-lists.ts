import { sql, type Kysely, type Updateable } from 'kysely';
import type { CheckInListsTable, Database } from '../schema.ts';

const n = (value: string | number | bigint | null | undefined) => Number(value ?? 0);

/** Check-in lists and the figures of who is inside on each. */
export function checkInListsRepository(db: Kysely<Database>) {
  const accepted = (eventId: string) =>
    db.selectFrom('scans').where('event_id', '=', eventId).where('verdict', '=', 'accepted').where('check_in_list_id', 'is not', null);
  return {
    async insert(rows: CheckInListsTable[]) {
      await db.insertInto('check_in_lists').values(rows).execute();
    },

    /** The event's lists (not deleted): the default ticket and voucher lists first, then by age and name. */
    ofEvent: (eventId: string) =>
      db
        .selectFrom('check_in_lists')
        .selectAll()
        .where('event_id', '=', eventId)
        .where('deleted_at', 'is', null)
        .orderBy('is_default', 'desc')
        .orderBy('mode')
        .orderBy('created_at')
        .orderBy('name')
        .execute(),

    find: (id: string) => db.selectFrom('check_in_lists').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst(),

    defaultOf: (eventId: string, mode: CheckInListsTable['mode']) =>
      db
        .selectFrom('check_in_lists')
        .selectAll()
        .where('event_id', '=', eventId)
        .where('mode', '=', mode)
        .where('is_default', '=', 1)
        .executeTakeFirstOrThrow(),

    async update(id: string, changes: Updateable<CheckInListsTable>) {
      await db.updateTable('check_in_lists').set(changes).where('id', '=', id).execute();
    },

    /** Gate devices (not revoked) that scan for the list. */
    async devicesUsing(id: string) {
      const row = await db
        .selectFrom('gate_devices')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('check_in_list_id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirstOrThrow();
      return n(row.n);
    },

    /** Per list of the event: tickets inside now. */
    async insideByList(eventId: string) {
      const rows = await db
        .selectFrom('check_ins')
        .select((eb) => ['check_in_list_id', eb.fn.countAll<string>().as('n')])
        .where('event_id', '=', eventId)
        .where('inside', '=', 1)
        .groupBy('check_in_list_id')
        .execute();
      return new Map(rows.map((r) => [r.check_in_list_id, n(r.n)]));
    },

    /**
     * Distinct admission tickets inside on any ticket list: the number of people on the grounds. A VIP
     * inside the entrance and the VIP area counts once; a car in the car park (an add-on) not at all.
     */
    async peopleInside(eventId: string) {
      const row = await db
        .selectFrom('check_ins')
        .innerJoin('tickets', 'tickets.id', 'check_ins.ticket_id')
        .innerJoin('ticket_types', 'ticket_types.id', 'tickets.ticket_type_id')
        .select((eb) => eb.fn.count<string>('check_ins.ticket_id').distinct().as('n'))
        .where('check_ins.event_id', '=', eventId)
        .where('check_ins.inside', '=', 1)
        .where('ticket_types.kind', '=', 'admission')
        .executeTakeFirstOrThrow();
      return n(row.n);
    },

    /** Accepted entries and exits per list. */
    async movementTotals(eventId: string) {
      const rows = await accepted(eventId).select((eb) => ['check_in_list_id', 'direction', eb.fn.countAll<string>().as('n')]).groupBy(['check_in_list_id', 'direction']).execute();
      return rows.map((r) => ({ listId: r.check_in_list_id!, direction: r.direction, count: n(r.n) }));
    },

    /** Accepted entries and exits per minute (the first 16 characters of the ISO time) and list. */
    async movementsPerMinute(eventId: string) {
      const minute = sql<string>`substr(scanned_at, 1, 16)`;
      const rows = await accepted(eventId)
        .select((eb) => [minute.as('minute'), 'check_in_list_id', 'direction', eb.fn.countAll<string>().as('n')])
        .groupBy([minute, 'check_in_list_id', 'direction'])
        .orderBy('minute')
        .execute();
      return rows.map((r) => ({ minute: r.minute, listId: r.check_in_list_id!, direction: r.direction, count: n(r.n) }));
    },
  };
}
