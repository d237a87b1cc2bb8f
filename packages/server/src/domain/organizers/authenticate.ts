import type { Context } from '../context.ts';
import type { StaffUsersTable } from '../../storage/schema.ts';
import { hashToken } from './credentials.ts';

export interface Staff {
  staffId: string;
  organizerId: string;
  role: StaffUsersTable['role'];
}

/** The staff user behind a session token, or undefined when the token is unknown or expired. */
export async function staffFromToken(ctx: Context, token: string): Promise<Staff | undefined> {
  const row = await ctx.store.repos.organizers.findSession(hashToken(token), ctx.clock().toISOString());
  return row && { staffId: row.staff_user_id, organizerId: row.organizer_id, role: row.role };
}
