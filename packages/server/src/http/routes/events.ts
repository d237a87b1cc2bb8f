import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { createEvent } from '../../domain/events/create-event.ts';
import { updateEvent } from '../../domain/events/update-event.ts';
import { changeEventStatus } from '../../domain/events/change-status.ts';
import { expireHolds } from '../../domain/orders/expire-holds.ts';
import { publicEvent } from '../../domain/events/public-event.ts';
import { staffFromToken } from '../../domain/organizers/authenticate.ts';
import { OrganizerEvent, PublicEvent, presentOrganizerEvent, presentPublicEvent } from '../presenters/events.ts';
import { bearerToken, staffOf } from '../auth/organizer-auth.ts';
import { DateTime, EventIdParams, Nullable, TransferPolicy, errorResponses } from '../schemas.ts';
import { typed, type RouteDeps } from './deps.ts';

const eventBody = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  venue: Type.String({ minLength: 1, maxLength: 200 }),
  startsAt: DateTime,
  endsAt: DateTime,
  doorsAt: Type.Optional(DateTime),
  transferPolicy: Type.Optional(TransferPolicy),
  maxTicketsPerAccount: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  scanWindowSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 300, description: 'W of PROTOCOL.md section 4; 15 by default' })),
  onSaleAt: Type.Optional(Nullable(DateTime, { description: 'when the sale opens; before it, orders are refused (409 not_on_sale_yet, or queue_required with a waiting room)' })),
  waitingRoom: Type.Optional(
    Type.Object(
      {
        enabled: Type.Boolean(),
        admitPerMinute: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100_000 }), { description: 'visitors let through per minute; without it the room paces itself by how fast admitted visitors complete orders' })),
      },
      { additionalProperties: false },
    ),
  ),
};

export function eventRoutes(app: FastifyInstance, { ctx, organizer }: RouteDeps) {
  const r = typed(app);
  const withTypes = async (event: Awaited<ReturnType<typeof createEvent>>) =>
    presentOrganizerEvent(event, await ctx.store.repos.events.ticketTypes(event.id), await ctx.store.repos.waitingRooms.find(event.id));

  r.post('/api/v1/events', {
    preHandler: organizer('events.write'),
    schema: {
      tags: ['events'],
      summary: 'Create an event (a draft until published)',
      body: Type.Object(eventBody, { additionalProperties: false }),
      response: { 201: OrganizerEvent, ...errorResponses(400, 401, 403) },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await withTypes(await createEvent(ctx, staffOf(request).organizerId, request.body))),
  });

  r.get('/api/v1/events', {
    preHandler: organizer('events.read'),
    schema: {
      tags: ['events'],
      summary: "Your organizer's events",
      response: { 200: Type.Object({ events: Type.Array(OrganizerEvent) }), ...errorResponses(401) },
    },
    handler: async (request) => {
      const events = await ctx.store.repos.events.listForOrganizer(staffOf(request).organizerId);
      return { events: await Promise.all(events.map(withTypes)) };
    },
  });

  r.get('/api/v1/events/:eventId', {
    schema: {
      tags: ['events', 'public'],
      summary: 'An event with live availability (public). With the owning organizer\'s token: drafts too, and capacity.',
      params: EventIdParams,
      response: { 200: Type.Union([OrganizerEvent, PublicEvent]), ...errorResponses(400, 401, 404) },
    },
    handler: async (request) => {
      const token = bearerToken(request);
      const staff = token ? await staffFromToken(ctx, token) : undefined;
      const event = await ctx.store.repos.events.find(request.params.eventId);
      if (staff && event?.organizer_id === staff.organizerId) {
        await expireHolds(ctx, { eventId: event.id });
        return withTypes(event);
      }
      const view = await publicEvent(ctx, request.params.eventId);
      return presentPublicEvent(view.event, view.ticketTypes, view.organizer, view.room);
    },
  });

  r.patch('/api/v1/events/:eventId', {
    preHandler: organizer('events.write'),
    schema: {
      tags: ['events'],
      summary: 'Edit an event',
      params: EventIdParams,
      body: Type.Partial(Type.Object(eventBody), { additionalProperties: false, minProperties: 1 }),
      response: { 200: OrganizerEvent, ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request) => withTypes(await updateEvent(ctx, staffOf(request).organizerId, request.params.eventId, request.body)),
  });

  for (const [action, status] of [['publish', 'on_sale'], ['cancel', 'cancelled'], ['end', 'ended']] as const) {
    r.post(`/api/v1/events/:eventId/${action}`, {
      preHandler: organizer('events.write'),
      schema: {
        tags: ['events'],
        summary: `${action[0]!.toUpperCase()}${action.slice(1)} an event (status becomes ${status})`,
        params: EventIdParams,
        response: { 200: OrganizerEvent, ...errorResponses(401, 403, 404, 409) },
      },
      handler: async (request) =>
        withTypes(await changeEventStatus(ctx, staffOf(request).organizerId, request.params.eventId, status)),
    });
  }
}
