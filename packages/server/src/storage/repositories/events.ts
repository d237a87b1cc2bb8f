import { sql, type Kysely, type Updateable } from 'kysely';
import type { Database, EventImagesTable, EventsTable, TicketTypesTable } from '../schema.ts';

export function eventsRepository(db: Kysely<Database>) {
  return {
    async insert(row: EventsTable) {
      await db.insertInto('events').values(row).execute();
    },

    find: (id: string) => db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst(),

    listForOrganizer: (organizerId: string) =>
      db.selectFrom('events').selectAll().where('organizer_id', '=', organizerId).orderBy('starts_at').execute(),

    /** Changes the status only if it still is one of `from`; false when another request got there first. */
    async transition(id: string, from: EventsTable['status'][], to: EventsTable['status'], now: string) {
      const result = await db
        .updateTable('events')
        .set({ status: to, updated_at: now })
        .where('id', '=', id)
        .where('status', 'in', from)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async update(id: string, changes: Updateable<EventsTable>) {
      await db.updateTable('events').set(changes).where('id', '=', id).execute();
    },

    image: (eventId: string) => db.selectFrom('event_images').selectAll().where('event_id', '=', eventId).executeTakeFirst(),

    /** When the event's picture last changed, without reading the picture; undefined without one. */
    imageUpdatedAt: async (eventId: string) =>
      (await db.selectFrom('event_images').select('updated_at').where('event_id', '=', eventId).executeTakeFirst())?.updated_at,

    async saveImage(row: EventImagesTable) {
      await db
        .insertInto('event_images')
        .values(row)
        .onConflict((oc) => oc.column('event_id').doUpdateSet({ content_type: row.content_type, data: row.data, updated_at: row.updated_at }))
        .execute();
    },

    async removeImage(eventId: string) {
      await db.deleteFrom('event_images').where('event_id', '=', eventId).execute();
    },

    /**
     * The event's next gate-pack version, for the rows this transaction changes. On PostgreSQL the
     * update locks the event row until commit, so versions become visible in the order they were
     * taken and a delta (`version > cursor`) can never skip a change committed late.
     */
    async nextPackVersion(id: string) {
      const row = await db
        .updateTable('events')
        .set({ pack_version: sql`pack_version + 1` })
        .where('id', '=', id)
        .returning('pack_version')
        .executeTakeFirstOrThrow();
      return row.pack_version;
    },

    async insertTicketType(row: TicketTypesTable) {
      await db.insertInto('ticket_types').values(row).execute();
    },

    ticketTypes: (eventId: string) =>
      db.selectFrom('ticket_types').selectAll().where('event_id', '=', eventId).orderBy('created_at').orderBy('id').execute(),

    findTicketType: (id: string) => db.selectFrom('ticket_types').selectAll().where('id', '=', id).executeTakeFirst(),

    /** Capacity may shrink only down to what is already held or sold. */
    async setCapacity(id: string, capacity: number) {
      const result = await db
        .updateTable('ticket_types')
        .set({ capacity })
        .where('id', '=', id)
        .where('taken', '<=', capacity)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async updateTicketType(id: string, changes: Updateable<TicketTypesTable>) {
      await db.updateTable('ticket_types').set(changes).where('id', '=', id).execute();
    },
  };
}
