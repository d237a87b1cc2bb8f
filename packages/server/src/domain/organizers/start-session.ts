import type { Context } from '../context.ts';
import { addSeconds } from '../clock.ts';
import { newSessionToken } from './credentials.ts';

const sessionSeconds = 30 * 24 * 3600;

export async function startSession(ctx: Context, who: { staffId: string; organizerId: string }) {
  const now = ctx.clock();
  const { token, hash } = newSessionToken();
  await ctx.store.repos.organizers.createSession({
    token_hash: hash,
    staff_user_id: who.staffId,
    organizer_id: who.organizerId,
    created_at: now.toISOString(),
    expires_at: addSeconds(now, sessionSeconds).toISOString(),
  });
  return token;
}
