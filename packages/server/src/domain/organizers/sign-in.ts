import type { Context } from '../context.ts';
import { DomainError } from '../errors.ts';
import { hashPassword, verifyPassword } from './credentials.ts';
import { startSession } from './start-session.ts';

// Verifying against a real hash when the email is unknown keeps both answers equally slow, so the
// timing does not tell which emails have an account.
let decoyHash: Promise<string> | undefined;

export async function signIn(ctx: Context, input: { email: string; password: string }) {
  const staff = await ctx.store.repos.organizers.findStaffByEmail(input.email.trim().toLowerCase());
  decoyHash ??= hashPassword('decoy password that matches nothing');
  const ok = await verifyPassword(staff?.password_hash ?? (await decoyHash), input.password);
  if (!staff || !ok) throw new DomainError('unauthorized', 'email or password is wrong');
  return { token: await startSession(ctx, { staffId: staff.id, organizerId: staff.organizer_id }) };
}
