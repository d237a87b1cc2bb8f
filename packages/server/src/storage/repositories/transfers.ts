import { sql, type Kysely } from 'kysely';
import type { ClaimLinksTable, Database, TicketsTable, TransfersTable } from '../schema.ts';

export function transfersRepository(db: Kysely<Database>) {
  return {
    findTicket: (id: string) => db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst(),

    /** A ticket of the event by its id or by the handle the holder list shows for it. */
    ticketOfEvent: (eventId: string, idOrHandle: string) =>
      db
        .selectFrom('tickets')
        .selectAll()
        .where('event_id', '=', eventId)
        .where((eb) => eb.or([eb('id', '=', idOrHandle), eb('holder_handle', '=', idOrHandle)]))
        .executeTakeFirst(),

    async insertClaimLink(row: ClaimLinksTable) {
      await db.insertInto('claim_links').values(row).execute();
    },

    /** Withdraws the ticket's open links; returns how many there were. */
    async revokeOpenLinks(ticketId: string, now: string) {
      const result = await db
        .updateTable('claim_links')
        .set({ revoked_at: now })
        .where('ticket_id', '=', ticketId)
        .where('claimed_at', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    findClaimLink: (tokenHash: string) => db.selectFrom('claim_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst(),

    /** Marks a link used; false if another claim used (or the holder revoked) it first. */
    async useClaimLink(tokenHash: string, accountId: string, now: string) {
      const result = await db
        .updateTable('claim_links')
        .set({ claimed_at: now, claimed_by: accountId })
        .where('token_hash', '=', tokenHash)
        .where('claimed_at', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    openLinksOf: (ticketIds: string[]) =>
      ticketIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('claim_links')
            .select(['ticket_id', 'created_at', 'expires_at'])
            .where('ticket_id', 'in', ticketIds)
            .where('claimed_at', 'is', null)
            .where('revoked_at', 'is', null)
            .execute(),

    /**
     * The tickets this account handed on (by claim link or exchange) and does not hold again, each
     * with its latest move away, newest first.
     */
    handedOnBy: (accountId: string) =>
      db
        .selectFrom('transfers')
        .innerJoin('tickets', 'tickets.id', 'transfers.ticket_id')
        .innerJoin('ticket_types', 'ticket_types.id', 'tickets.ticket_type_id')
        .select(['tickets.id', 'tickets.event_id', 'tickets.ticket_type_id', 'ticket_types.kind', 'transfers.reason'])
        .select((eb) => eb.fn.max('transfers.created_at').as('handed_on_at'))
        .where('transfers.from_account_id', '=', accountId)
        .where('transfers.reason', 'in', ['claim', 'exchange'])
        .where('tickets.account_id', '!=', accountId)
        .groupBy(['tickets.id', 'tickets.event_id', 'tickets.ticket_type_id', 'ticket_types.kind', 'transfers.reason'])
        .orderBy('handed_on_at', 'desc')
        .execute(),

    movesOf: async (ticketId: string) =>
      Number(
        (
          await db
            .selectFrom('transfers')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('ticket_id', '=', ticketId)
            .where('reason', 'in', ['claim', 'exchange'])
            .executeTakeFirstOrThrow()
        ).n,
      ),

    /** Moves a ticket to another holder; false if it changed since it was read (seq differs). */
    async rebind(ticket: Pick<TicketsTable, 'id' | 'seq'>, changes: Pick<TicketsTable, 'account_id' | 'credential' | 'claimable' | 'pack_version' | 'updated_at' | 'holder_handle'>) {
      const result = await db
        .updateTable('tickets')
        .set({ ...changes, seq: sql`seq + 1` })
        .where('id', '=', ticket.id)
        .where('seq', '=', ticket.seq)
        .where('state', '=', 'valid')
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async insertTransfer(row: TransfersTable) {
      await db.insertInto('transfers').values(row).execute();
    },

    historyOfEvent: (eventId: string) =>
      db
        .selectFrom('transfers')
        .innerJoin('tickets', 'tickets.id', 'transfers.ticket_id')
        .selectAll('transfers')
        .select('tickets.ticket_type_id')
        .where('transfers.event_id', '=', eventId)
        .orderBy('transfers.created_at')
        .orderBy('transfers.id')
        .execute(),

    async revoke(ticketId: string, packVersion: number, now: string) {
      const result = await db
        .updateTable('tickets')
        .set({ state: 'revoked', claimable: 0, pack_version: packVersion, updated_at: now })
        .where('id', '=', ticketId)
        .where('state', '!=', 'revoked')
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** What each live ticket of the event cost, for refunds when the event is cancelled. */
    liveTicketsWithPrice: (eventId: string) =>
      db
        .selectFrom('tickets')
        .innerJoin('orders', 'orders.id', 'tickets.order_id')
        .innerJoin('order_items', (join) =>
          join.onRef('order_items.order_id', '=', 'tickets.order_id').onRef('order_items.ticket_type_id', '=', 'tickets.ticket_type_id'),
        )
        .select(['tickets.id', 'tickets.order_id', 'order_items.unit_price_cents', 'orders.currency', 'orders.provider'])
        .where('tickets.event_id', '=', eventId)
        .where('tickets.state', '!=', 'revoked')
        .execute(),

    async revokeAllOfEvent(eventId: string, packVersion: number, now: string) {
      await db
        .updateTable('tickets')
        .set({ state: 'revoked', claimable: 0, pack_version: packVersion, updated_at: now })
        .where('event_id', '=', eventId)
        .where('state', '!=', 'revoked')
        .execute();
      await db
        .updateTable('claim_links')
        .set({ revoked_at: now })
        .where('claimed_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('ticket_id', 'in', db.selectFrom('tickets').select('id').where('event_id', '=', eventId))
        .execute();
      await db
        .updateTable('resale_listings')
        .set({ status: 'cancelled', updated_at: now })
        .where('event_id', '=', eventId)
        .where('status', 'in', ['listed', 'offered'])
        .execute();
    },
  };
}
