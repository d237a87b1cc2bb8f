import { ConfigError, loadConfig } from './config.ts';
import { demo } from './domain/demo/seed-demo.ts';
import { createServer } from './server.ts';

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

const server = await createServer({ config, logger: { level: process.env.LOG_LEVEL ?? 'info' } });
const log = server.app.log;
if (config.secretGeneratedAt) log.info({ file: config.secretGeneratedAt }, 'generated a new instance secret (TG_SECRET); back this file up');
await server.app.listen({ port: config.port, host: config.host });
log.info({ database: server.storage.dialect, publicUrl: config.publicUrl }, 'Ticketguard is running');
if (config.demo) log.info({ event: `${config.publicUrl}/api/v1/events/${demo.eventId}`, organizer: demo.email }, 'demo event ready');

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
