import type { Kysely } from 'kysely';
import type { Database, StaffInvitesTable, StaffUsersTable } from '../schema.ts';

export function organizersRepository(db: Kysely<Database>, rowLocks: boolean) {
  return {
    async createWithOwner(input: { organizerId: string; name: string; staff: StaffUsersTable }) {
      await db.insertInto('organizers').values({ id: input.organizerId, name: input.name, created_at: input.staff.created_at }).execute();
      await db.insertInto('staff_users').values(input.staff).execute();
    },

    findOrganizer: (id: string) => db.selectFrom('organizers').selectAll().where('id', '=', id).executeTakeFirst(),

    findStaffByEmail: (email: string) =>
      db.selectFrom('staff_users').selectAll().where('email', '=', email).where('removed_at', 'is', null).executeTakeFirst(),

    findStaff: (id: string) => db.selectFrom('staff_users').selectAll().where('id', '=', id).where('removed_at', 'is', null).executeTakeFirst(),

    staffOf: (organizerId: string) =>
      db
        .selectFrom('staff_users')
        .select(['id', 'email', 'name', 'role', 'created_at'])
        .where('organizer_id', '=', organizerId)
        .where('removed_at', 'is', null)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),

    async insertStaff(row: StaffUsersTable) {
      await db.insertInto('staff_users').values(row).execute();
    },

    /**
     * The organizer's owners, locked until commit on PostgreSQL, so that two owners demoting or
     * removing each other at once cannot both see "another owner is left" and leave none.
     */
    async lockOwners(organizerId: string) {
      const query = db.selectFrom('staff_users').select('id').where('organizer_id', '=', organizerId).where('role', '=', 'owner').where('removed_at', 'is', null);
      return (rowLocks ? query.forUpdate() : query).execute();
    },

    async setRole(id: string, role: StaffUsersTable['role']) {
      await db.updateTable('staff_users').set({ role }).where('id', '=', id).execute();
    },

    /** Ends the member's sessions and frees their email for a later invite; the row stays for the audit log. */
    async removeStaff(id: string, now: string) {
      await db.deleteFrom('staff_sessions').where('staff_user_id', '=', id).execute();
      await db.updateTable('staff_users').set({ removed_at: now, email: `${id}@removed.invalid` }).where('id', '=', id).execute();
    },

    async insertInvite(row: StaffInvitesTable) {
      await db.insertInto('staff_invites').values(row).execute();
    },

    findInvite: (id: string) => db.selectFrom('staff_invites').selectAll().where('id', '=', id).executeTakeFirst(),

    findInviteByHash: (tokenHash: string) => db.selectFrom('staff_invites').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst(),

    openInvites: (organizerId: string, now: string) =>
      db
        .selectFrom('staff_invites')
        .select(['id', 'role', 'created_at', 'expires_at'])
        .where('organizer_id', '=', organizerId)
        .where('used_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),

    /** Marks an open invite used; false if another acceptance or a revocation came first. */
    async useInvite(id: string, staffId: string, now: string) {
      const result = await db
        .updateTable('staff_invites')
        .set({ used_at: now, used_by: staffId })
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async revokeInvite(id: string, now: string) {
      const result = await db.updateTable('staff_invites').set({ revoked_at: now }).where('id', '=', id).where('used_at', 'is', null).where('revoked_at', 'is', null).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

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
        .where('staff_users.removed_at', 'is', null)
        .executeTakeFirst(),

    async deleteExpiredSessions(now: string) {
      await db.deleteFrom('staff_sessions').where('expires_at', '<=', now).execute();
    },
  };
}
