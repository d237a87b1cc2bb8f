import type { Kysely } from 'kysely';
import type { Database, ResaleListingsTable, WaitlistEntriesTable } from '../schema.ts';

type ListingStatus = ResaleListingsTable['status'];
type EntryStatus = WaitlistEntriesTable['status'];

export function exchangeRepository(db: Kysely<Database>, rowLocks: boolean) {
  return {
    async insertListing(row: ResaleListingsTable) {
      await db.insertInto('resale_listings').values(row).execute();
    },

    openListingOf: (ticketId: string) =>
      db.selectFrom('resale_listings').selectAll().where('ticket_id', '=', ticketId).where('status', 'in', ['listed', 'offered']).executeTakeFirst(),

    findListing: (id: string) => db.selectFrom('resale_listings').selectAll().where('id', '=', id).executeTakeFirst(),

    /** Tickets listed or offered on the exchange: of one event, of every event ended by `endedBy`, or among `ticketIds`. */
    async openListedTickets(of: { eventId: string } | { endedBy: string } | { ticketIds: string[] }) {
      if ('ticketIds' in of && of.ticketIds.length === 0) return [];
      const rows = await db
        .selectFrom('resale_listings')
        .innerJoin('events', 'events.id', 'resale_listings.event_id')
        .select('resale_listings.ticket_id')
        .where('resale_listings.status', 'in', ['listed', 'offered'])
        .where((eb) =>
          'eventId' in of ? eb('resale_listings.event_id', '=', of.eventId) : 'endedBy' in of ? eb('events.ends_at', '<=', of.endedBy) : eb('resale_listings.ticket_id', 'in', of.ticketIds),
        )
        .execute();
      return rows.map((r) => r.ticket_id);
    },

    /** Moves a listing on only from the expected status (and offer); false if something else got there first. */
    async setListing(id: string, from: ListingStatus, to: ListingStatus, now: string, offer?: { expected?: string | null; next?: string | null }) {
      let query = db
        .updateTable('resale_listings')
        .set({ status: to, updated_at: now, ...(offer && 'next' in offer ? { offer_order_id: offer.next } : {}) })
        .where('id', '=', id)
        .where('status', '=', from);
      if (offer?.expected) query = query.where('offer_order_id', '=', offer.expected);
      return (await query.executeTakeFirst()).numUpdatedRows > 0n;
    },

    async insertEntry(row: WaitlistEntriesTable) {
      await db.insertInto('waitlist_entries').values(row).execute();
    },

    openEntryOf: (ticketTypeId: string, accountId: string) =>
      db
        .selectFrom('waitlist_entries')
        .selectAll()
        .where('ticket_type_id', '=', ticketTypeId)
        .where('account_id', '=', accountId)
        .where('status', 'in', ['waiting', 'offered'])
        .executeTakeFirst(),

    async setEntry(id: string, from: EntryStatus[], to: EntryStatus, now: string) {
      const result = await db.updateTable('waitlist_entries').set({ status: to, updated_at: now }).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** The entry an offer order was made for. */
    entryOfOffer: (ticketTypeId: string, accountId: string) =>
      db
        .selectFrom('waitlist_entries')
        .selectAll()
        .where('ticket_type_id', '=', ticketTypeId)
        .where('account_id', '=', accountId)
        .where('status', '=', 'offered')
        .executeTakeFirst(),

    /** Serialises matching per ticket type across processes (PostgreSQL); SQLite writes are serial. */
    async lockTicketType(ticketTypeId: string) {
      if (rowLocks) await db.selectFrom('ticket_types').select('id').where('id', '=', ticketTypeId).forUpdate().execute();
    },

    oldestListed: (ticketTypeId: string) =>
      db
        .selectFrom('resale_listings')
        .selectAll()
        .where('ticket_type_id', '=', ticketTypeId)
        .where('status', '=', 'listed')
        .orderBy('created_at')
        .orderBy('id')
        .limit(1)
        .executeTakeFirst(),

    /** First in line, skipping the seller: nobody buys their own ticket back. */
    firstWaiting: (ticketTypeId: string, notAccountId: string) =>
      db
        .selectFrom('waitlist_entries')
        .selectAll()
        .where('ticket_type_id', '=', ticketTypeId)
        .where('status', '=', 'waiting')
        .where('account_id', '!=', notAccountId)
        .orderBy('created_at')
        .orderBy('id')
        .limit(1)
        .executeTakeFirst(),

    async setTicketOrder(ticketId: string, orderId: string) {
      await db.updateTable('tickets').set({ order_id: orderId }).where('id', '=', ticketId).execute();
    },
  };
}
