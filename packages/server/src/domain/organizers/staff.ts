import type { Context } from '../context.ts';
import type { Repositories } from '../../storage/store.ts';
import type { StaffUsersTable } from '../../storage/schema.ts';
import { DomainError, notFound } from '../errors.ts';
import type { Staff } from './authenticate.ts';

/** The signed-in member: their organizer and who they are, for the dashboard's "who am I". */
export async function whoAmI(ctx: Context, staff: Staff) {
  const repos = ctx.store.repos;
  const [organizer, member] = await Promise.all([repos.organizers.findOrganizer(staff.organizerId), repos.organizers.findStaff(staff.staffId)]);
  return { organizer: organizer!, member: member! };
}

/** The organizer's staff and its open (unused, unexpired, unrevoked) invites. */
export async function staffAndInvites(ctx: Context, organizerId: string) {
  const repos = ctx.store.repos;
  return { staff: await repos.organizers.staffOf(organizerId), invites: await repos.organizers.openInvites(organizerId, ctx.clock().toISOString()) };
}

/** A member of this organizer; another organizer's member is "not found", as for events. */
async function memberOf(repos: Repositories, organizerId: string, staffId: string) {
  const member = await repos.organizers.findStaff(staffId);
  if (!member || member.organizer_id !== organizerId) throw notFound('staff member');
  return member;
}

/**
 * Refuses a change that would leave the organizer without an owner: someone must always be able
 * to manage staff, or the tenant is locked out of its own account for good.
 */
async function keepAnOwner(repos: Repositories, member: StaffUsersTable) {
  if (member.role !== 'owner') return;
  const owners = await repos.organizers.lockOwners(member.organizer_id);
  if (owners.length <= 1) throw new DomainError('last_owner', 'this is the last owner; make someone else owner first');
}

export async function changeRole(ctx: Context, organizerId: string, staffId: string, role: StaffUsersTable['role']) {
  return ctx.store.transaction(async (repos) => {
    const member = await memberOf(repos, organizerId, staffId);
    if (role !== 'owner') await keepAnOwner(repos, member);
    await repos.organizers.setRole(staffId, role);
    return { ...member, role };
  });
}

/** Removes a member: their sessions end at once; the row stays, unable to sign in, for the audit log. */
export async function removeStaff(ctx: Context, organizerId: string, staffId: string) {
  await ctx.store.transaction(async (repos) => {
    const member = await memberOf(repos, organizerId, staffId);
    await keepAnOwner(repos, member);
    await repos.organizers.removeStaff(staffId, ctx.clock().toISOString());
  });
}
