import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimitPlugin from '@fastify/rate-limit';
import type { RateLimits } from '../config.ts';
import type { Context } from '../domain/context.ts';
import { HttpError } from './errors.ts';

declare module 'fastify' {
  interface FastifyInstance {
    rateLimits: RateLimits;
  }
}

const windowMs = 60_000;

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * The store of @fastify/rate-limit, kept in the shared database (table rate_limits) instead of the
 * process memory, so that a limit holds however many server processes share the database. Windows
 * are fixed and aligned to the clock: every process agrees on when a minute starts.
 */
function databaseStore(ctx: Context) {
  return class DatabaseStore {
    incr(key: string, done: Callback, timeWindow: number) {
      const now = ctx.clock().getTime();
      const start = now - (now % timeWindow);
      ctx.store.repos.rateLimits.hit(key, new Date(start).toISOString()).then(
        (current) => done(null, { current, ttl: start + timeWindow - now }),
        (error: Error) => done(error),
      );
    }

    child() {
      return new DatabaseStore();
    }
  };
}

/**
 * Installs the limits; routes opt in with `config: limited('signIn')`. A refused request gets 429
 * `rate_limited` in the error shape of API.md, with Retry-After in seconds.
 */
export async function installRateLimits(app: FastifyInstance, ctx: Context, limits: RateLimits) {
  app.decorate('rateLimits', limits);
  await app.register(rateLimitPlugin, {
    global: false,
    store: databaseStore(ctx),
    timeWindow: windowMs,
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    errorResponseBuilder: (_request, context) =>
      new HttpError('rate_limited', `too many requests; try again in ${Math.max(1, Math.ceil(context.ttl / 1000))} seconds`),
  });
}

/**
 * A gate device is counted by its token, not its address: every scanner at a venue may share one.
 * The token is hashed here because the key is stored; a request without one is counted by address.
 */
const byGateDevice = (request: FastifyRequest) => {
  const auth = request.headers.authorization;
  return typeof auth === 'string' ? `device:${createHash('sha256').update(auth).digest('base64url')}` : `ip:${request.ip}`;
};

/** Route config for a limit by name; the key is the client address (or the gate device for scans). */
export function limited(name: keyof RateLimits) {
  return {
    rateLimit: {
      groupId: `:${name}`,
      max: (request: FastifyRequest) => request.server.rateLimits[name],
      timeWindow: windowMs,
      ...(name === 'scans' ? { keyGenerator: byGateDevice } : { keyGenerator: (request: FastifyRequest) => `ip:${request.ip}` }),
    },
  };
}
