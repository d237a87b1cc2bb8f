import { createHash } from 'node:crypto';
import type { Context } from '../context.ts';
import { addSeconds } from '../clock.ts';

/** How long a DPoP proof id is remembered; longer than the ±60 s in which its `iat` is accepted. */
export const jtiMemorySeconds = 300;

/** A proof whose jti a route records in its own transaction; `recorded` once it did. */
export interface PendingProof {
  key: string;
  recorded: boolean;
}

/** What is stored of a proof: its jti bound to the key that signed it, hashed. */
export const proofKey = (thumbprint: string, jti: string) => createHash('sha256').update(`${thumbprint}\n${jti}`).digest('base64url');

export const proofExpiry = (ctx: Context) => addSeconds(ctx.clock(), jtiMemorySeconds).toISOString();

/**
 * Records that a proof was used. False for a replay, also when the first use reached another
 * server process: the memory is the shared database, not the process.
 */
export function rememberProof(ctx: Context, key: string) {
  return ctx.store.repos.accounts.rememberJti(key, proofExpiry(ctx));
}
