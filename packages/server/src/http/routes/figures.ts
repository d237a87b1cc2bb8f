import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { salesOverTime } from '../../domain/insights/sales-over-time.ts';
import { gateStats } from '../../domain/gate/gate-stats.ts';
import { staffOf } from '../auth/organizer-auth.ts';
import { DateTime, EventIdParams, Nullable, errorResponses } from '../schemas.ts';
import { typed, type RouteDeps } from './deps.ts';

const Count = Type.Integer({ minimum: 0 });

const Sales = Type.Object({
  currency: Nullable(Type.String({ description: 'ISO 4217; null while the event has no ticket type' })),
  buckets: Type.Array(
    Type.Object({
      at: { ...DateTime, description: 'start of the bucket (UTC)' },
      byType: Type.Record(Type.String(), Count, { description: 'tickets per ticket type id' }),
      tickets: Count,
      revenueCents: Count,
    }),
    { description: 'only buckets with sales, oldest first' },
  ),
  totals: Type.Object({ tickets: Count, revenueCents: Count, refundedCents: Count }),
  holds: Type.Object({ orders: Count, tickets: Count }, { description: 'pending orders holding seats right now' }),
});

const GateStats = Type.Object({
  entriesPerMinute: Type.Array(Type.Object({ minute: DateTime, gate: Type.String(), count: Count })),
  refusedByReason: Type.Record(Type.String(), Count),
  accepted: Count,
  refused: Count,
  duplicates: Type.Integer({ minimum: 0, description: 'tickets a scanner admitted although they were already used' }),
});

/** The dashboard's charts: sales over time and activity at the gates. */
export function figureRoutes(app: FastifyInstance, { ctx, organizer }: RouteDeps) {
  const r = typed(app);

  r.get('/api/v1/events/:eventId/sales', {
    preHandler: organizer('insights.read'),
    schema: {
      tags: ['insights'],
      summary: 'Tickets sold over time, per ticket type, by paid time; and the seats held right now',
      params: EventIdParams,
      querystring: Type.Object(
        { bucket: Type.Optional(Type.Union([Type.Literal('minute'), Type.Literal('hour'), Type.Literal('day')], { default: 'hour' })) },
        { additionalProperties: false },
      ),
      response: { 200: Sales, ...errorResponses(400, 401, 403, 404) },
    },
    handler: async (request) => salesOverTime(ctx, staffOf(request).organizerId, request.params.eventId, request.query.bucket ?? 'hour'),
  });

  r.get('/api/v1/events/:eventId/gate-stats', {
    preHandler: organizer('gate.stats'),
    schema: {
      tags: ['gate'],
      summary: 'Entries per minute and gate, refusals by reason, and tickets admitted twice',
      params: EventIdParams,
      response: { 200: GateStats, ...errorResponses(401, 403, 404) },
    },
    handler: async (request) => gateStats(ctx, staffOf(request).organizerId, request.params.eventId),
  });
}
