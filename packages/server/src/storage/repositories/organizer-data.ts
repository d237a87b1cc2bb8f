import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * Everything an organizer (a tenant) has put into the platform or sold through it, for the
 * operator's export. Secrets stay behind: no password hashes, session or gate token hashes, or
 * issuer private keys; accounts are returned by id for the caller to replace with pseudonyms.
 */
export function organizerDataRepository(db: Kysely<Database>) {
  return {
    async collect(organizerId: string) {
      const organizer = await db.selectFrom('organizers').selectAll().where('id', '=', organizerId).executeTakeFirst();
      if (!organizer) return undefined;
      const eventIds = (await db.selectFrom('events').select('id').where('organizer_id', '=', organizerId).execute()).map((e) => e.id);
      const ofEvents = <T>(query: () => Promise<T[]>) => (eventIds.length ? query() : Promise.resolve([] as T[]));
      return {
        organizer,
        staff: await db.selectFrom('staff_users').select(['id', 'email', 'role', 'created_at']).where('organizer_id', '=', organizerId).execute(),
        events: await db.selectFrom('events').selectAll().where('organizer_id', '=', organizerId).orderBy('created_at').execute(),
        ticketTypes: await ofEvents(() => db.selectFrom('ticket_types').selectAll().where('event_id', 'in', eventIds).execute()),
        issuerKeys: await ofEvents(() => db.selectFrom('issuer_keys').select(['kid', 'event_id', 'public_key', 'active', 'created_at']).where('event_id', 'in', eventIds).execute()),
        gateDevices: await ofEvents(() => db.selectFrom('gate_devices').select(['id', 'event_id', 'name', 'created_at', 'revoked_at']).where('event_id', 'in', eventIds).execute()),
        orders: await ofEvents(() =>
          db.selectFrom('orders').select(['id', 'event_id', 'account_id', 'status', 'total_cents', 'currency', 'provider', 'created_at', 'settled_at']).where('event_id', 'in', eventIds).execute(),
        ),
        tickets: await ofEvents(() =>
          db.selectFrom('tickets').select(['id', 'event_id', 'ticket_type_id', 'order_id', 'account_id', 'state', 'seq', 'created_at', 'updated_at']).where('event_id', 'in', eventIds).execute(),
        ),
        refunds: await ofEvents(() =>
          db.selectFrom('refunds').innerJoin('orders', 'orders.id', 'refunds.order_id').selectAll('refunds').where('orders.event_id', 'in', eventIds).execute(),
        ),
        voucherCampaigns: await ofEvents(() => db.selectFrom('voucher_campaigns').selectAll().where('event_id', 'in', eventIds).execute()),
        messages: await db.selectFrom('messages').selectAll().where('organizer_id', '=', organizerId).execute(),
        profileQuestions: await db.selectFrom('profile_questions').selectAll().where('organizer_id', '=', organizerId).execute(),
        auditLog: await db.selectFrom('audit_log').selectAll().where('organizer_id', '=', organizerId).orderBy('created_at').execute(),
      };
    },
  };
}
