import type { Kysely } from 'kysely';

/**
 * The on-sale waiting room. An event may open its sale at `on_sale_at`, behind a room: visitors
 * queue (one place per account), those who came before the opening are drawn into a random order
 * at the opening with a recorded seed, later ones follow in order of arrival (`joined_at`), and
 * admission is paced.
 * Frozen: never edit.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('events').addColumn('on_sale_at', 'text').execute();

  await db.schema
    .createTable('waiting_rooms')
    .addColumn('event_id', 'text', (c) => c.primaryKey().references('events.id'))
    .addColumn('enabled', 'integer', (c) => c.notNull())
    // Visitors admitted per minute; null: paced by how fast admitted visitors complete their orders.
    .addColumn('admit_per_minute', 'integer')
    .addColumn('paused', 'integer', (c) => c.notNull())
    // Places handed out so far: the draw numbers the early comers, each tick the arrivals since.
    .addColumn('placed', 'integer', (c) => c.notNull())
    // The draw at the opening: its seed (hex) and how many early comers it ordered, so an audit can replay it.
    .addColumn('draw_seed', 'text')
    .addColumn('drawn_at', 'text')
    .addColumn('early_count', 'integer', (c) => c.notNull())
    // Everyone up to this place has been admitted.
    .addColumn('admitted_through', 'integer', (c) => c.notNull())
    .addColumn('admitted', 'integer', (c) => c.notNull())
    .addColumn('last_admitted_at', 'text')
    .addColumn('sold_out_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('queue_entries')
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    // Null until the draw (early comers) or the next tick (later arrivals) numbers it. A join is one
    // insert and touches no shared row, so joins do not queue on each other's commits.
    .addColumn('position', 'integer')
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .addColumn('admitted_at', 'text')
    // The order the admission was used for; a failed or expired one frees the admission again.
    .addColumn('order_id', 'text')
    .addPrimaryKeyConstraint('queue_entries_pk', ['event_id', 'account_id'])
    .execute();
  await db.schema.createIndex('queue_entries_position').on('queue_entries').columns(['event_id', 'position']).execute();
  await db.schema.createIndex('queue_entries_arrival').on('queue_entries').columns(['event_id', 'joined_at']).execute();

  // Admissions and completed orders over time, per room: the rate an estimated wait is learned from.
  await db.schema
    .createTable('queue_ticks')
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('admitted', 'integer', (c) => c.notNull())
    .addColumn('completed', 'integer', (c) => c.notNull())
    .addColumn('waiting', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('queue_ticks_pk', ['event_id', 'at'])
    .execute();
}
