import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import type { Config } from './config.ts';
import { systemClock, type Clock } from './domain/clock.ts';
import { settingsFrom, type Context } from './domain/context.ts';
import { seedDemo } from './domain/demo/seed-demo.ts';
import { KeyMemory } from './domain/accounts/key-memory.ts';
import { InboxBus } from './domain/messaging/inbox-bus.ts';
import { SharedInboxBus } from './domain/messaging/shared-inbox-bus.ts';
import { createPayments } from './domain/payments/payments.ts';
import { buildApp } from './http/app.ts';
import { startBackgroundJobs } from './jobs/background-jobs.ts';
import { migrateToLatest, openStorage, type Storage } from './storage/db.ts';
import { createStore } from './storage/store.ts';

export interface ServerOptions {
  config: Config;
  /** An already open storage (tests); otherwise opened from config.database. */
  storage?: Storage;
  clock?: Clock;
  logger?: FastifyServerOptions['logger'];
  jobs?: boolean;
  pushAgent?: Context['pushAgent'];
}

/**
 * Wires the whole server: storage, migrations, the demo, the domain context, HTTP and background
 * jobs. `close()` stops in order: no new requests, finish running ones, stop jobs, close storage.
 */
export async function createServer(options: ServerOptions) {
  const { config } = options;
  const storage = options.storage ?? openStorage(config.database);
  await migrateToLatest(storage);
  const settings = settingsFrom(config);
  const store = createStore(storage);
  const logged: { log?: FastifyBaseLogger } = {};
  const clock = options.clock ?? systemClock;
  // Several processes share PostgreSQL: inbox streams must hear of messages any of them delivered.
  const inboxBus = storage.notifications
    ? await SharedInboxBus.start(storage.notifications, store.repos, clock, (err, message) => logged.log?.error({ err }, message))
    : new InboxBus();
  const keyMemory = await KeyMemory.start(storage.notifications);
  const ctx: Context = { store, clock, payments: createPayments(config.payments, settings), settings, inboxBus, keyMemory, pushAgent: options.pushAgent };
  if (config.demo) await seedDemo(ctx);
  const app = await buildApp({ ctx, logger: options.logger, rateLimits: config.rateLimits, trustProxy: config.trustProxy });
  logged.log = app.log;
  ctx.log = app.log;
  const stopJobs = options.jobs === false ? async () => {} : startBackgroundJobs(ctx, app.log);
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await app.close();
      await stopJobs();
      await ctx.inboxBus.close();
      await keyMemory.close();
      if (!options.storage) await storage.close();
    })());
  return { app, ctx, storage, close };
}
