import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

export const webApps = ['wallet', 'scanner', 'dashboard'] as const;

const appsFolder = fileURLToPath(new URL('../../../../../apps/', import.meta.url));

/** Hashed build files never change; everything else (index.html, sw.js, the manifest) is revalidated. */
function cacheHeaders(reply: FastifyReply, path: string) {
  const hashed = /[\\/]assets[\\/]/.test(path);
  reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
}

/**
 * Serves each web app's build at `/<name>/`. A path inside an app without a file extension is one of the
 * app's own screens (`/wallet/e/<eventId>`, `/scanner/pair`), so it gets the app's index.html.
 */
export async function webAppRoutes(app: FastifyInstance) {
  for (const name of webApps) {
    const dist = join(appsFolder, name, 'dist');
    const indexFile = join(dist, 'index.html');
    const built = existsSync(indexFile);
    const sendIndex = (reply: FastifyReply) =>
      built
        ? reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(readFileSync(indexFile))
        : reply.code(503).type('text/plain; charset=utf-8').send(`The ${name} app is not built: run \`npm run build\`.\n`);
    if (built) {
      await app.register(fastifyStatic, { root: dist, prefix: `/${name}/`, decorateReply: false, wildcard: false, index: false, setHeaders: cacheHeaders as never });
    }
    app.get(`/${name}`, { schema: { hide: true } }, (_request, reply) => reply.redirect(`/${name}/`));
    app.get(`/${name}/`, { schema: { hide: true } }, (_request, reply) => sendIndex(reply));
    app.get(`/${name}/*`, { schema: { hide: true } }, (request, reply) => {
      const path = request.url.split('?')[0] ?? '';
      const lastSegment = path.slice(path.lastIndexOf('/') + 1);
      if (lastSegment.includes('.')) return reply.code(404).send({ error: { code: 'not_found', message: `No file ${path}` } });
      return sendIndex(reply);
    });
  }
}
