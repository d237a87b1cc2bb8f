import { loadConfig, type Config } from '../config.ts';
import { systemClock } from '../domain/clock.ts';
import { settingsFrom, type Context } from '../domain/context.ts';
import { KeyMemory } from '../domain/accounts/key-memory.ts';
import { InboxBus } from '../domain/messaging/inbox-bus.ts';
import { createPayments } from '../domain/payments/payments.ts';
import { migrateToLatest, openStorage, type Storage } from '../storage/db.ts';
import { createStore } from '../storage/store.ts';

/** A command's failure the operator can act on: printed without a stack trace, exit code 1. */
export class CliError extends Error {}

/**
 * The domain context a command works in: the server's own configuration (the same environment
 * variables, so a command and the server always mean the same database) and storage, no HTTP.
 * Migrations run first unless `migrate: false`, as at server start.
 */
export async function withContext<T>(
  env: Record<string, string | undefined>,
  work: (ctx: Context, extra: { storage: Storage; config: Config }) => Promise<T>,
  options: { migrate?: boolean } = {},
) {
  const config = loadConfig(env);
  const storage = openStorage(config.database);
  try {
    if (options.migrate !== false) await migrateToLatest(storage);
    const settings = settingsFrom(config);
    const ctx: Context = { store: createStore(storage), clock: systemClock, payments: createPayments(config.payments, settings), settings, inboxBus: new InboxBus(), keyMemory: await KeyMemory.start() };
    return await work(ctx, { storage, config });
  } finally {
    await storage.close();
  }
}

/** `--name value` and `--name=value` options, and the positional arguments. */
export function parseArgs(args: string[]) {
  const options: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (inline !== undefined) options[name] = inline;
    else if (i + 1 < args.length && !args[i + 1]!.startsWith('--')) options[name] = args[++i]!;
    else options[name] = 'true';
  }
  return { options, positional };
}

/** The value of a required option, or a CliError naming it. */
export function required(options: Record<string, string>, name: string, what: string) {
  const value = options[name];
  if (value === undefined || value === 'true' || value === '') throw new CliError(`--${name} is required: ${what}`);
  return value;
}
