import { ConfigError } from '../config.ts';
import { CliError, parseArgs } from './context.ts';
import { createOrganizer } from './create-organizer.ts';
import { exportOrganizerCommand } from './export-organizer.ts';
import { migrate } from './migrate.ts';
import { purge } from './purge.ts';
import { rotateKey } from './rotate-key.ts';
import { seedDemoCommand } from './seed-demo.ts';

type Env = Record<string, string | undefined>;

interface Command {
  usage: string;
  run(options: Record<string, string>, positional: string[], env: Env): Promise<void>;
}

const commands: Record<string, Command> = {
  migrate,
  'seed-demo': seedDemoCommand,
  'create-organizer': createOrganizer,
  'rotate-key': rotateKey,
  purge,
  'export-organizer': exportOrganizerCommand,
};

const usage = `Usage: npx ticketguard <command> [options]

Operator commands. They use the server's configuration: DATABASE_URL, TG_SECRET and the rest (see the README).

Commands:
${Object.values(commands).map((c) => `  ${c.usage}`).join('\n')}
  help                         this text`;

/** Runs one command; returns the exit code. `env` is the environment to read the configuration from. */
export async function main(argv: string[], env: Env) {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(usage);
    return 0;
  }
  const command = commands[name];
  if (!command || !Object.hasOwn(commands, name)) {
    console.error(`unknown command "${name}"\n\n${usage}`);
    return 1;
  }
  const { options, positional } = parseArgs(rest);
  if (options.help) {
    console.log(`Usage: npx ticketguard ${command.usage}`);
    return 0;
  }
  try {
    await command.run(options, positional, env);
    return 0;
  } catch (error) {
    if (error instanceof CliError || error instanceof ConfigError) {
      console.error(`ticketguard ${name}: ${error.message}`);
      return 1;
    }
    console.error(`ticketguard ${name} failed:`, error);
    return 1;
  }
}

