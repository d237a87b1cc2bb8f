import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { eventInsights } from '../../domain/insights/event-insights.ts';
import { staffOf } from '../auth/organizer-auth.ts';
import { EventIdParams, Uuid, errorResponses } from '../schemas.ts';
import { typed, type RouteDeps } from './deps.ts';

const Insights = Type.Object({
  ticketsSold: Type.Integer({ description: 'tickets not revoked' }),
  ticketHolders: Type.Integer({ description: 'distinct accounts holding those tickets' }),
  buyers: Type.Integer({ description: 'distinct accounts with a paid order' }),
  reachRate: Type.Number({ description: 'ticketHolders / ticketsSold: the share of visitors you can reach' }),
  checkedIn: Type.Integer(),
  revenueCents: Type.Integer(),
  seatsHeld: Type.Integer({ description: 'seats in pending orders right now' }),
  ticketTypes: Type.Array(
    Type.Object({ id: Uuid, name: Type.String(), capacity: Type.Integer(), sold: Type.Integer(), held: Type.Integer(), available: Type.Integer() }),
  ),
});

export function insightRoutes(app: FastifyInstance, { ctx, organizer }: RouteDeps) {
  typed(app).get('/api/v1/events/:eventId/insights', {
    preHandler: organizer('insights.read'),
    schema: {
      tags: ['insights'],
      summary: 'Sales, reach and check-ins of an event',
      params: EventIdParams,
      response: { 200: Insights, ...errorResponses(401, 403, 404) },
    },
    handler: async (request) => eventInsights(ctx, staffOf(request).organizerId, request.params.eventId),
  });
}
