import type { Kysely } from 'kysely';
import type { Database, StaffUsersTable } from '../schema.ts';

export function organizersRepository(db: Kysely<Database>) {
  return {
    async createWithOwner(input: { organizerId: string; name: string; staff: StaffUsersTable }) {
      await db.insertInto('organizers').values({ id: input.organizerId, name: input.name, created_at: input.staff.created_at }).execute();
      await db.insertInto('staff_users').values(input.staff).execute();
    },

    findOrganizer: (id: string) => db.selectFrom('organizers').selectAll().where('id', '=', id).executeTakeFirst(),

    findStaffByEmail: (email: string) => db.selectFrom('staff_users').selectAll().where('email', '=', email).executeTakeFirst(),

    async createSession(row: Database['staff_sessions']) {
      await db.insertInto('staff_sessions').values(row).execute();
    },

    findSession: (tokenHash: string, now: string) =>
      db
        .selectFrom('staff_sessions')
        .innerJoin('staff_users', 'staff_users.id', 'staff_sessions.staff_user_id')
        .select(['staff_sessions.organizer_id', 'staff_sessions.staff_user_id', 'staff_users.role'])
        .where('staff_sessions.token_hash', '=', tokenHash)
        .where('staff_sessions.expires_at', '>', now)
        .executeTakeFirst(),

    async deleteExpiredSessions(now: string) {
      await db.deleteFrom('staff_sessions').where('expires_at', '<=', now).execute();
    },
  };
}
