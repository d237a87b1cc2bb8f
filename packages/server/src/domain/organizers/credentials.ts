import { createHash, randomBytes } from 'node:crypto';
import argon2 from 'argon2';

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. Strong enough, and cheap enough that a
// sign-in burst does not exhaust the memory of a small server.
const hashOptions = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => argon2.hash(password, hashOptions);

export async function verifyPassword(hash: string, password: string) {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A session token: 256 random bits for the client; only its SHA-256 is stored. */
export function newSessionToken() {
  const token = `tgo_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token) };
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
