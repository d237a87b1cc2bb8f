import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';

/** Crockford base32 without the look-alikes (no I, L, O, U): what a visitor reads out at a help desk. */
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 50 bits of the ticket id in ten characters, "K7PQ2-MXD9A" (a frozen copy of domain/tickets/ticket-ref.ts). */
function refOf(ticketId: string) {
  let bits = BigInt(`0x${ticketId.replaceAll('-', '').slice(0, 13)}`) >> 2n;
  let chars = '';
  for (let i = 0; i < 10; i += 1) {
    chars = alphabet[Number(bits & 31n)] + chars;
    bits >>= 5n;
  }
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/**
 * What a first real event needs: an event's description, picture and VAT rate; a short reference per
 * ticket for the help desk; a per-ticket handle the holder list shows instead of ticket ids, new with
 * every new holder so that nothing links a visitor before and after an erasure; profile questions
 * with choices; and scans flagged as a conflict when a later upload claims an earlier time. Frozen:
 * never edit.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('events').addColumn('description', 'text', (c) => c.notNull().defaultTo('')).execute();
  // VAT included in the prices, in hundredths of a percent (900 = 9 %); null: none shown.
  await db.schema.alterTable('events').addColumn('vat_basis_points', 'integer').execute();
  await db.schema
    .createTable('event_images')
    .addColumn('event_id', 'text', (c) => c.primaryKey().references('events.id'))
    .addColumn('content_type', 'text', (c) => c.notNull())
    // base64: the same column type on both databases; pictures are small (at most 2 MB).
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('tickets').addColumn('ref', 'text').execute();
  await db.schema.alterTable('tickets').addColumn('holder_handle', 'text').execute();
  const tickets = await db.selectFrom('tickets').select('id').execute();
  for (const { id } of tickets) {
    await db.updateTable('tickets').set({ ref: refOf(id), holder_handle: randomUUID() }).where('id', '=', id).execute();
  }
  // Not unique: two tickets sharing 50 bits of their ids is all but impossible, and a desk would list both.
  await db.schema.createIndex('tickets_ref').on('tickets').column('ref').execute();
  await db.schema.createIndex('tickets_holder_handle').on('tickets').column('holder_handle').execute();

  await db.schema.alterTable('profile_questions').addColumn('answer_type', 'text', (c) => c.notNull().defaultTo('text')).execute();
  // JSON: [{ value, label: { nl, en } }] for single and multiple choice.
  await db.schema.alterTable('profile_questions').addColumn('options', 'text').execute();

  await db.schema.alterTable('scans').addColumn('conflict', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}
