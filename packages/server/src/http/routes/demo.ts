import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { demo } from '../../domain/demo/seed-demo.ts';
import { Nullable, Uuid } from '../schemas.ts';
import { typed, type RouteDeps } from './deps.ts';

/** Tells the wallet's landing screen whether this instance has the demo event (TG_DEMO=1) to try. */
export function demoRoutes(app: FastifyInstance, { ctx }: RouteDeps) {
  typed(app).get('/api/v1/demo', {
    schema: { tags: ['public'], summary: 'The demo event of this instance, if it has one', response: { 200: Type.Object({ eventId: Nullable(Uuid) }) } },
    handler: async () => ({ eventId: (await ctx.store.repos.events.find(demo.eventId)) ? demo.eventId : null }),
  });
}
