import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { eventInsights } from '../../domain/insights/event-insights.ts';
import { visitorPicture } from '../../domain/insights/visitor-picture.ts';
import { returningVisitors } from '../../domain/insights/returning-visitors.ts';
import { staffOf } from '../auth/organizer-auth.ts';
import { EventIdParams, Nullable, Uuid, errorResponses } from '../schemas.ts';
import { typed, type RouteDeps } from './deps.ts';

const Insights = Type.Object({
  ticketsSold: Type.Integer({ description: 'admission tickets not revoked (add-ons are counted in addons)' }),
  ticketHolders: Type.Integer({ description: 'distinct accounts holding those tickets' }),
  buyers: Type.Integer({ description: 'distinct accounts with a paid order' }),
  reachRate: Type.Number({ description: 'ticketHolders / ticketsSold: the share of visitors you can reach' }),
  checkedIn: Type.Integer(),
  revenueCents: Type.Integer({ description: 'paid orders, add-ons included' }),
  addons: Type.Object(
    { sold: Type.Integer(), buyers: Type.Integer({ description: 'distinct accounts with a paid order holding an add-on' }), revenueCents: Type.Integer() },
    { description: 'add-ons (parking, lockers) sold in paid orders' },
  ),
  seatsHeld: Type.Integer({ description: 'seats in pending orders right now' }),
  ticketTypes: Type.Array(
    Type.Object({
      id: Uuid, name: Type.String(), kind: Type.Union([Type.Literal('admission'), Type.Literal('addon')]),
      capacity: Type.Integer(), sold: Type.Integer(), held: Type.Integer(), available: Type.Integer(),
    }),
  ),
});

const Bins = Type.Array(Type.Object({ bin: Type.String(), holders: Type.Union([Type.Integer(), Type.Null()], { description: 'null: fewer than 10 holders' }) }));

const Shown = Nullable(Type.Integer(), { description: 'null: fewer than 10' });

const Returning = Type.Object({
  minimumGroup: Type.Integer(),
  visitors: Shown,
  returning: Type.Union([Type.Integer(), Type.Null()], { description: 'visitors of two events or more' }),
  byEventCount: Type.Array(Type.Object({ events: Type.Integer(), orMore: Type.Optional(Type.Boolean({ description: 'the last bin: this many events or more' })), visitors: Shown })),
  overlap: Type.Array(Type.Object({ eventId: Uuid, otherEventId: Uuid, visitors: Shown }), { description: 'every pair of your events with visitors, each once' }),
  perEvent: Type.Array(
    Type.Object({ eventId: Uuid, name: Type.String(), startsAt: Type.String(), visitors: Shown, returning: Type.Union([Type.Integer(), Type.Null()], { description: 'of them, those who had been to an earlier event of yours' }) }),
    { description: 'each event in order of its start: the returning share over time' },
  ),
  addonBuyers: Shown,
});

export function insightRoutes(app: FastifyInstance, { ctx, organizer }: RouteDeps) {
  typed(app).get('/api/v1/insights/returning', {
    preHandler: organizer('insights.read'),
    schema: {
      tags: ['insights'],
      summary: 'How your visitors come back, across your events, under your pseudonyms: every figure under 10 is null; every read is audited',
      response: { 200: Returning, ...errorResponses(401, 403) },
    },
    handler: async (request) => returningVisitors(ctx, staffOf(request)),
  });

  typed(app).get('/api/v1/insights/visitors', {
    preHandler: organizer('insights.read'),
    schema: {
      tags: ['insights'],
      summary: 'Your visitors across all your events: returning holders, events and tickets per holder, consented profile answers; groups under 10 suppressed',
      response: {
        200: Type.Object({
          minimumGroup: Type.Integer(),
          returningHolders: Type.Union([Type.Integer(), Type.Null()]),
          eventsPerHolder: Bins,
          ticketsPerHolder: Bins,
          profile: Type.Array(Type.Object({ key: Type.String(), answers: Type.Array(Type.Object({ answer: Type.String(), holders: Type.Integer() })) })),
        }),
        ...errorResponses(401, 403),
      },
    },
    handler: async (request) => visitorPicture(ctx, staffOf(request)),
  });

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
