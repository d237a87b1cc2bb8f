import { ConfigError, loadConfig } from './config.ts';
import { demo } from './domain/demo/seed-demo.ts';
import { createServer } from './server.ts';
import { humanLog } from './http/human-log.ts';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78); // EX_CONFIG
  }
  throw error;
}

const human = config.logFormat === 'human';
const server = await createServer({ config, logger: { level: process.env.LOG_LEVEL ?? 'info', ...(human ? { stream: humanLog() } : {}) } });
const log = server.app.log;
if (config.secretGeneratedAt) log.info({ file: config.secretGeneratedAt }, 'generated a new instance secret (TG_SECRET); back this file up');
await server.app.listen({ port: config.port, host: config.host });
const apps = { wallet: `${config.publicUrl}/wallet/`, dashboard: `${config.publicUrl}/dashboard/`, scanner: `${config.publicUrl}/scanner/` };
if (human) {
  // A person just typed `npm start`: where to go, and how to sign in to the demo.
  console.log(
    [
      '',
      `Ticketguard is running (${server.storage.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}).`,
      `  Wallet     ${apps.wallet}`,
      `  Dashboard  ${apps.dashboard}`,
      `  Scanner    ${apps.scanner}`,
      ...config.alsoServedAt.map((origin) => `  (also at ${origin})`),
      ...(config.demo ? [`  Demo sign-in: ${demo.email} / ${demo.password}`] : []),
      'Stop with Ctrl+C.',
      '',
    ].join('\n'),
  );
} else {
  log.info({ database: server.storage.dialect, ...apps, alsoServedAt: config.alsoServedAt }, 'Ticketguard is running');
  if (config.demo) log.info({ event: `${config.publicUrl}/api/v1/events/${demo.eventId}`, organizer: demo.email }, 'demo event ready');
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    server.close().then(
      () => {
        clearTimeout(force);
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
