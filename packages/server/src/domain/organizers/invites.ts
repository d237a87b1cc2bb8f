import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import type { StaffUsersTable } from '../../storage/schema.ts';
import { addSeconds } from '../clock.ts';
import { DomainError, notFound } from '../errors.ts';
import type { Staff } from './authenticate.ts';
import { hashPassword, hashToken } from './credentials.ts';
import { startSession } from './start-session.ts';

const inviteSeconds = 7 * 24 * 3600;

/**
 * An owner invites someone to join with a role. The link carries a one-time token of 256 random
 * bits after `#`, so it never reaches a server log; only its SHA-256 is stored.
 */
export async function createInvite(ctx: Context, by: Staff, role: StaffUsersTable['role']) {
  const now = ctx.clock();
  const token = `tgi_${randomBytes(32).toString('base64url')}`;
  const invite = {
    id: randomUUID(),
    organizer_id: by.organizerId,
    role,
    token_hash: hashToken(token),
    created_by: by.staffId,
    created_at: now.toISOString(),
    expires_at: addSeconds(now, inviteSeconds).toISOString(),
    used_at: null,
    used_by: null,
    revoked_at: null,
  };
  await ctx.store.transaction((repos) => repos.organizers.insertInvite(invite));
  return { id: invite.id, role, createdAt: invite.created_at, expiresAt: invite.expires_at, token, url: `${ctx.settings.publicUrl}/dashboard/invite#${token}` };
}

export async function revokeInvite(ctx: Context, organizerId: string, inviteId: string) {
  await ctx.store.transaction(async (repos) => {
    const invite = await repos.organizers.findInvite(inviteId);
    if (!invite || invite.organizer_id !== organizerId || invite.revoked_at) throw notFound('invite');
    if (!(await repos.organizers.revokeInvite(inviteId, ctx.clock().toISOString()))) throw new DomainError('invite_used', 'this invite was already accepted');
  });
}

/**
 * The invited person signs up through the link: a new staff member of the inviting organizer with
 * the invite's role, signed in at once. The invite works once; a second use is refused even when
 * two arrive at the same moment (the conditional update lets one through).
 */
export async function acceptInvite(ctx: Context, input: { token: string; name: string; email: string; password: string }) {
  const now = ctx.clock().toISOString();
  const invite = await ctx.store.repos.organizers.findInviteByHash(hashToken(input.token));
  if (!invite || invite.revoked_at) throw new DomainError('invite_not_found', 'this invite link is unknown or was withdrawn');
  if (invite.used_at) throw new DomainError('invite_used', 'this invite link was already used');
  if (invite.expires_at <= now) throw new DomainError('invite_expired', 'this invite link has expired; ask for a new one');
  const passwordHash = await hashPassword(input.password);
  const staffId = randomUUID();
  try {
    await ctx.store.transaction(async (repos) => {
      await repos.organizers.insertStaff({
        id: staffId,
        organizer_id: invite.organizer_id,
        email: input.email.trim().toLowerCase(),
        password_hash: passwordHash,
        role: invite.role,
        name: input.name.trim(),
        created_at: now,
        removed_at: null,
      });
      if (!(await repos.organizers.useInvite(invite.id, staffId, now))) throw new DomainError('invite_used', 'this invite link was already used');
    });
  } catch (error) {
    if (ctx.store.storage.isUniqueViolation(error)) throw new DomainError('email_taken', 'a staff account with this email exists; sign in instead');
    throw error;
  }
  const organizer = (await ctx.store.repos.organizers.findOrganizer(invite.organizer_id))!;
  const token = await startSession(ctx, { staffId, organizerId: invite.organizer_id });
  return { organizer: { id: organizer.id, name: organizer.name }, token, role: invite.role };
}
