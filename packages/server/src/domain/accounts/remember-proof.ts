import { createHash } from 'node:crypto';
import type { Context } from '../context.ts';
import { addSeconds } from '../clock.ts';

/** How long a DPoP proof id is remembered; longer than the ±60 s in which its `iat` is accepted. */
export const jtiMemorySeconds = 300;

/**
 * Records that a proof was used. False for a replay, also when the first use reached another
 * server process: the memory is the shared database, not the process.
 */
export async function rememberProof(ctx: Context, thumbprint: string, jti: string) {
  const key = createHash('sha256').update(`${thumbprint}\n${jti}`).digest('base64url');
  return ctx.store.repos.accounts.rememberJti(key, addSeconds(ctx.clock(), jtiMemorySeconds).toISOString());
}
