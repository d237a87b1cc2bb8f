import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { typed, type RouteDeps } from './deps.ts';

// Not inline: the Content-Security-Policy allows styles from our origin only.
const stylesheet = ':root{color-scheme:light dark;font-family:system-ui,sans-serif}body{max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.6}a{color:#2563eb}@media (prefers-color-scheme:dark){a{color:#93c5fd}}';

export function systemRoutes(app: FastifyInstance, { ctx }: RouteDeps) {
  const r = typed(app);

  r.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  r.get('/api/v1/health', {
    schema: { tags: ['system'], summary: 'Liveness and database reachability', response: { 200: Type.Object({ status: Type.Literal('ok'), database: Type.String() }) } },
    handler: async () => {
      await ctx.store.repos.organizers.findOrganizer('00000000-0000-0000-0000-000000000000');
      return { status: 'ok' as const, database: ctx.store.storage.dialect };
    },
  });

  r.get('/index.css', { schema: { hide: true } }, async (_request, reply) => reply.type('text/css; charset=utf-8').send(stylesheet));

  r.get('/', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Ticketguard</title>
<link rel="stylesheet" href="/index.css">
</head><body><h1>Ticketguard</h1><p>Account-based ticketing: tickets bound to the visitor's phone.</p>
<ul><li><a href="/wallet/">Wallet</a> (visitors)</li><li><a href="/scanner/">Scanner</a> (gate and bar staff)</li><li><a href="/dashboard/">Dashboard</a> (organizers)</li>
<li><a href="/api/v1/docs">API reference</a> (<a href="/api/v1/openapi.json">OpenAPI document</a>)</li>
<li><a href="/api/v1/health">Health</a></li></ul></body></html>`),
  );
}
