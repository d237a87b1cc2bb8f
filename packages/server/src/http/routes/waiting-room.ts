import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { joinQueue, myPlace } from '../../domain/waiting-room/queue-place.ts';
import { changePace, roomView } from '../../domain/waiting-room/room-view.ts';
import { notFound } from '../../domain/errors.ts';
import { accountIdOf, proofFromQuery } from '../auth/dpop.ts';
import { staffOf } from '../auth/organizer-auth.ts';
import { queueStreams } from '../queue-stream.ts';
import { DateTime, DpopHeader, EventIdParams, Nullable, errorResponses } from '../schemas.ts';
import { typed, type RouteDeps } from './deps.ts';

const Place = Type.Object({
  position: Nullable(Type.Integer(), { description: 'your place in the queue; null until the draw at the opening for those who came before it' }),
  ahead: Nullable(Type.Integer({ description: 'people before you not yet let through' })),
  state: Type.Union(['drawing', 'waiting', 'admitted', 'used', 'expired', 'sold_out'].map((s) => Type.Literal(s)), {
    description: 'drawing: the draw at the opening will give you a random place; admitted: order now with `admission`; used: your order is paid; expired: the 10 minutes passed; sold_out: nothing left',
  }),
  estimatedWaitSeconds: Nullable(Type.Integer({ description: 'from the pace the room actually let people through lately' })),
  drawAt: Type.Optional(Nullable(DateTime)),
  admission: Type.Optional(Type.String({ description: 'send as the Queue-Admission header of POST /api/v1/orders: valid 10 minutes, for one completed order, for this account only' })),
  admissionExpiresAt: Type.Optional(DateTime),
  exchangeWaitlist: Type.Optional(Type.Boolean({ description: 'sold out, but the event sells returned tickets through its exchange: join its waiting list' })),
});

const RoomView = Type.Object({
  enabled: Type.Boolean(),
  admitPerMinute: Nullable(Type.Integer()),
  paused: Type.Boolean(),
  onSaleAt: Nullable(DateTime),
  draw: Nullable(Type.Object({ seed: Type.String({ description: 'hex; with the early comers in arrival order it replays the draw' }), drawnAt: DateTime, earlyComers: Type.Integer() })),
  waiting: Type.Integer(),
  admitted: Type.Integer(),
  shopping: Type.Integer({ description: 'admitted in the last 10 minutes without a paid order yet' }),
  completed: Type.Integer({ description: 'admissions that ended in a paid order' }),
  admittedPerMinute: Type.Number({ description: 'the pace of the last five minutes' }),
  soldOutAt: Nullable(DateTime),
  perMinute: Type.Array(Type.Object({ minute: DateTime, admitted: Type.Integer(), completed: Type.Integer(), waiting: Type.Integer() })),
});

/** The on-sale waiting room: a visitor's place in it, and the organizer's view and controls. */
export function waitingRoomRoutes(app: FastifyInstance, { ctx, wallet, organizer }: RouteDeps) {
  const r = typed(app);
  const streams = queueStreams(ctx);
  app.addHook('preClose', async () => streams.endAll());

  r.post('/api/v1/events/:eventId/queue', {
    preHandler: wallet.account,
    schema: {
      tags: ['wallet'],
      summary: "Join the event's waiting room: one place per account (201), a repeat answers the same place (200)",
      headers: DpopHeader,
      params: EventIdParams,
      response: { 200: Place, 201: Place, ...errorResponses(401, 404, 409) },
    },
    handler: async (request, reply) => {
      const { created, place } = await joinQueue(ctx, accountIdOf(request), request.params.eventId);
      return reply.status(created ? 201 : 200).send(place);
    },
  });

  r.get('/api/v1/events/:eventId/queue/me', {
    preHandler: wallet.account,
    schema: { tags: ['wallet'], summary: 'Your place in the waiting room', headers: DpopHeader, params: EventIdParams, response: { 200: Place, ...errorResponses(401, 404) } },
    handler: async (request) => myPlace(ctx, accountIdOf(request), request.params.eventId),
  });

  r.get('/api/v1/events/:eventId/queue/stream', {
    preHandler: [proofFromQuery, wallet.account],
    schema: {
      tags: ['wallet'],
      summary: 'Your place as Server-Sent Events: a `place` event (the same as GET .../queue/me) now and whenever it changes; the DPoP proof may come as `?dpop=`',
      headers: DpopHeader,
      params: EventIdParams,
      querystring: Type.Object({ dpop: Type.Optional(Type.String({ maxLength: 4096 })) }),
      response: { 200: Type.String({ description: 'text/event-stream' }), ...errorResponses(401, 404) },
    },
    handler: async (request, reply) => {
      const entry = await ctx.store.repos.waitingRooms.entry(request.params.eventId, accountIdOf(request));
      if (!entry) throw notFound('place in the queue');
      reply.hijack();
      await streams.stream(reply.raw, request.params.eventId, entry);
    },
  });

  r.get('/api/v1/events/:eventId/waiting-room', {
    preHandler: organizer('events.read'),
    schema: { tags: ['events'], summary: 'The waiting room live: waiting, let through, orders completed, the pace and the draw', params: EventIdParams, response: { 200: RoomView, ...errorResponses(401, 403, 404) } },
    handler: async (request) => roomView(ctx, staffOf(request).organizerId, request.params.eventId),
  });

  r.patch('/api/v1/events/:eventId/waiting-room', {
    preHandler: organizer('events.write'),
    schema: {
      tags: ['events'],
      summary: 'Change the pace of the waiting room, or pause admission',
      params: EventIdParams,
      body: Type.Object(
        { admitPerMinute: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100_000 }))), paused: Type.Optional(Type.Boolean()) },
        { additionalProperties: false, minProperties: 1 },
      ),
      response: { 200: RoomView, ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request) => changePace(ctx, staffOf(request).organizerId, request.params.eventId, request.body),
  });
}
