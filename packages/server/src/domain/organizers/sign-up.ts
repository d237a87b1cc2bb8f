import { randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import { DomainError } from '../errors.ts';
import { hashPassword } from './credentials.ts';
import { startSession } from './start-session.ts';

/** A new organizer (tenant) with its first staff user as owner, signed in at once. */
export async function signUp(ctx: Context, input: { name: string; email: string; password: string }) {
  const email = input.email.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password);
  const organizerId = randomUUID();
  const staffId = randomUUID();
  const now = ctx.clock().toISOString();
  try {
    await ctx.store.transaction(async (repos) => {
      await repos.organizers.createWithOwner({
        organizerId,
        name: input.name.trim(),
        staff: { id: staffId, organizer_id: organizerId, email, password_hash: passwordHash, role: 'owner', created_at: now, name: null, removed_at: null },
      });
    });
  } catch (error) {
    if (ctx.store.storage.isUniqueViolation(error)) throw new DomainError('email_taken', 'an organizer account with this email exists; sign in instead');
    throw error;
  }
  const token = await startSession(ctx, { staffId, organizerId });
  return { organizer: { id: organizerId, name: input.name.trim() }, token };
}
