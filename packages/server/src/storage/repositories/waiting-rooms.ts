import { sql, type Kysely, type Updateable } from 'kysely';
import type { Database, QueueEntriesTable, QueueTicksTable, WaitingRoomsTable } from '../schema.ts';

const n = (value: string | number | bigint | null | undefined) => Number(value ?? 0);

/** Waiting rooms, their queues and the ticks their pace is learned from. */
export function waitingRoomsRepository(db: Kysely<Database>, rowLocks: boolean) {
  return {
    find: (eventId: string) => db.selectFrom('waiting_rooms').selectAll().where('event_id', '=', eventId).executeTakeFirst(),

    /** The room, locked until commit (PostgreSQL; SQLite's write transactions are serial anyway). */
    async lock(eventId: string) {
      const query = db.selectFrom('waiting_rooms').selectAll().where('event_id', '=', eventId);
      return (rowLocks ? query.forUpdate() : query).executeTakeFirst();
    },

    async save(row: WaitingRoomsTable) {
      const { event_id: _id, ...changes } = row;
      await db.insertInto('waiting_rooms').values(row).onConflict((oc) => oc.column('event_id').doUpdateSet(changes)).execute();
    },

    async update(eventId: string, changes: Updateable<WaitingRoomsTable>) {
      await db.updateTable('waiting_rooms').set(changes).where('event_id', '=', eventId).execute();
    },

    /** Rooms whose queue may move now: on, drawn, not sold out, of an event on sale. */
    activeEventIds: async () =>
      (
        await db
          .selectFrom('waiting_rooms')
          .innerJoin('events', 'events.id', 'waiting_rooms.event_id')
          .select('waiting_rooms.event_id')
          .where('waiting_rooms.enabled', '=', 1)
          .where('waiting_rooms.drawn_at', 'is not', null)
          .where('waiting_rooms.sold_out_at', 'is', null)
          .where('events.status', '=', 'on_sale')
          .execute()
      ).map((r) => r.event_id),

    entry: (eventId: string, accountId: string) =>
      db.selectFrom('queue_entries').selectAll().where('event_id', '=', eventId).where('account_id', '=', accountId).executeTakeFirst(),

    /** One place per account: false when the account has one already (another request got there first). */
    async insertEntry(row: QueueEntriesTable) {
      const result = await db.insertInto('queue_entries').values(row).onConflict((oc) => oc.columns(['event_id', 'account_id']).doNothing()).executeTakeFirst();
      return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
    },

    /** Entries without a place yet, in order of arrival (ties by account id): what the draw and each tick number. */
    unplaced: (eventId: string) =>
      db
        .selectFrom('queue_entries')
        .select(['account_id', 'joined_at'])
        .where('event_id', '=', eventId)
        .where('position', 'is', null)
        .orderBy('joined_at')
        .orderBy('account_id')
        .execute(),

    /** Gives each account its place, 500 a statement (one CASE per statement, the same on both databases). */
    async placeAll(eventId: string, places: { accountId: string; position: number }[]) {
      for (let i = 0; i < places.length; i += 500) {
        const chunk = places.slice(i, i + 500);
        const cases = sql.join(chunk.map((p) => sql`WHEN ${p.accountId} THEN CAST(${p.position} AS INTEGER)`), sql` `);
        await db
          .updateTable('queue_entries')
          .set({ position: sql`CASE account_id ${cases} END` })
          .where('event_id', '=', eventId)
          .where('account_id', 'in', chunk.map((p) => p.accountId))
          .execute();
      }
    },

    /** Admits every place in (from, through]; places are dense, so this is exactly the next ones in line. */
    async admit(eventId: string, from: number, through: number, now: string) {
      await db
        .updateTable('queue_entries')
        .set({ admitted_at: now })
        .where('event_id', '=', eventId)
        .where('position', '>', from)
        .where('position', '<=', through)
        .execute();
    },

    /**
     * Takes the account's admission for an order: only while it is admitted and unexpired, and not
     * holding another order that is pending or paid (a failed or expired one frees it). False: none.
     */
    async claimAdmission(eventId: string, accountId: string, orderId: string, admittedSince: string) {
      const result = await db
        .updateTable('queue_entries')
        .set({ order_id: orderId })
        .where('event_id', '=', eventId)
        .where('account_id', '=', accountId)
        .where('admitted_at', '>', admittedSince)
        .where((eb) =>
          eb.or([
            eb('order_id', 'is', null),
            eb.not(eb.exists(eb.selectFrom('orders').select('orders.id').whereRef('orders.id', '=', 'queue_entries.order_id').where('orders.status', 'in', ['pending', 'paid']))),
          ]),
        )
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /**
     * Admitted visitors still shopping (admitted since `since`, no paid order yet), and admissions that
     * ended in a paid order: what automatic pacing steers by.
     */
    async shoppers(eventId: string, since: string) {
      const row = await db
        .selectFrom('queue_entries')
        .leftJoin('orders', 'orders.id', 'queue_entries.order_id')
        .select((eb) => [
          eb.fn.sum<string>(eb.case().when(eb.and([eb('queue_entries.admitted_at', '>', since), eb.or([eb('orders.status', 'is', null), eb('orders.status', '!=', 'paid')])])).then(1).else(0).end()).as('active'),
          eb.fn.sum<string>(eb.case().when('orders.status', '=', 'paid').then(1).else(0).end()).as('completed'),
        ])
        .where('queue_entries.event_id', '=', eventId)
        .where('queue_entries.admitted_at', 'is not', null)
        .executeTakeFirstOrThrow();
      return { active: n(row.active), completed: n(row.completed) };
    },

    /** Entries the draw or a tick has not numbered yet. */
    async unplacedCount(eventId: string) {
      const row = await db
        .selectFrom('queue_entries')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('event_id', '=', eventId)
        .where('position', 'is', null)
        .executeTakeFirstOrThrow();
      return n(row.n);
    },

    async insertTick(row: QueueTicksTable) {
      await db.insertInto('queue_ticks').values(row).onConflict((oc) => oc.columns(['event_id', 'at']).doNothing()).execute();
    },

    /** Ticks since `since`, oldest first. */
    ticks: (eventId: string, since: string) =>
      db.selectFrom('queue_ticks').selectAll().where('event_id', '=', eventId).where('at', '>=', since).orderBy('at').execute(),
  };
}
