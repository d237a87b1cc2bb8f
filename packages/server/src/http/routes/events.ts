import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { createEvent } from '../../domain/events/create-event.ts';
import { updateEvent } from '../../domain/events/update-event.ts';
import { changeEventStatus } from '../../domain/events/change-status.ts';
import { expireHolds } from '../../domain/orders/expire-holds.ts';
import { publicEvent } from '../../domain/events/public-event.ts';
import { eventCalendar } from '../../domain/events/calendar.ts';
import { eventImage, imageTypes, maxImageBytes, removeEventImage, saveEventImage, type ImageType } from '../../domain/events/event-image.ts';
import { HttpError } from '../errors.ts';
import { slug } from '../../domain/exports/csv.ts';
import { ownedEvent } from '../../domain/events/owned-event.ts';
import { staffFromToken } from '../../domain/organizers/authenticate.ts';
import { OrganizerEvent, PublicEvent, imageUrlOf, presentOrganizerEvent, presentPublicEvent, salesUrlOf } from '../presenters/events.ts';
import { bearerToken, staffOf } from '../auth/organizer-auth.ts';
import { DateTime, EventIdParams, Nullable, TransferPolicy, errorResponses } from '../schemas.ts';
import { typed, type RouteDeps } from './deps.ts';

const eventBody = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  venue: Type.String({ minLength: 1, maxLength: 200 }),
  startsAt: DateTime,
  endsAt: DateTime,
  doorsAt: Type.Optional(DateTime),
  description: Type.Optional(Type.String({ maxLength: 5000, description: 'what the buyer reads on the event page; plain text' })),
  vatBasisPoints: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 10_000 }), { description: 'VAT included in the prices, in hundredths of a percent (900: 9 %), shown on receipts; null: none' })),
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
  const repos = ctx.store.repos;
  const linksOf = async (eventId: string) => ({ publicUrl: ctx.settings.publicUrl, imageUpdatedAt: await repos.events.imageUpdatedAt(eventId) });
  const withTypes = async (event: Awaited<ReturnType<typeof createEvent>>) =>
    presentOrganizerEvent(
      event,
      await linksOf(event.id),
      await repos.events.ticketTypes(event.id),
      (await repos.organizers.findOrganizer(event.organizer_id))!,
      await repos.waitingRooms.find(event.id),
    );

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
      const event = staff ? await ctx.store.repos.events.find(request.params.eventId) : undefined;
      if (staff && event?.organizer_id === staff.organizerId) {
        await expireHolds(ctx, { eventId: event.id });
        return withTypes(event);
      }
      const view = await publicEvent(ctx, request.params.eventId);
      return presentPublicEvent(view.event, await linksOf(view.event.id), view.ticketTypes, view.organizer, view.room);
    },
  });

  r.get('/api/v1/events/:eventId/calendar.ics', {
    schema: {
      tags: ['events', 'public'],
      summary: 'The event as an iCalendar file (RFC 5545) for a buyer\'s calendar (public)',
      params: EventIdParams,
      produces: ['text/calendar'],
      response: { 200: Type.String(), ...errorResponses(400, 404) },
    },
    handler: async (request, reply) => {
      const { event, organizer } = await publicEvent(ctx, request.params.eventId);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="${slug(event.name)}.ics"`)
        .send(eventCalendar(event, organizer.name, salesUrlOf(ctx.settings.publicUrl, event.id)));
    },
  });

  r.get('/api/v1/events/:eventId/image', {
    schema: {
      tags: ['events', 'public'],
      summary: "The event's picture (public)",
      params: EventIdParams,
      produces: [...imageTypes],
      response: { ...errorResponses(400, 404) },
    },
    handler: async (request, reply) => {
      const image = await eventImage(ctx, request.params.eventId);
      // The address changes with every new picture (?v=), so a picture may be kept a long time.
      return reply.type(image.type).header('cache-control', 'public, max-age=86400').header('x-content-type-options', 'nosniff').send(image.bytes);
    },
  });

  r.delete('/api/v1/events/:eventId/image', {
    preHandler: organizer('events.write'),
    schema: { tags: ['events'], summary: "Remove the event's picture", params: EventIdParams, response: { 204: Type.Null(), ...errorResponses(401, 403, 404) } },
    handler: async (request, reply) => {
      await removeEventImage(ctx, staffOf(request).organizerId, request.params.eventId);
      return reply.status(204).send(null);
    },
  });

  const pictureType = (request: FastifyRequest) => {
    const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase() as ImageType;
    return imageTypes.includes(type) ? type : undefined;
  };
  // The picture arrives as its own bytes: this route alone takes picture bodies, up to 2 MB.
  void app.register(async (pictures) => {
    pictures.addContentTypeParser([...imageTypes], { parseAs: 'buffer', bodyLimit: maxImageBytes }, (_request, body, done) => done(null, body));
    typed(pictures).put('/api/v1/events/:eventId/image', {
      // All before the body is read: who asks and whether the event is theirs first, then whether it is
      // a picture (a picture sent as text would otherwise be refused for what it holds).
      onRequest: [
        organizer('events.write'),
        async (request) => {
          await ownedEvent(repos, (request.params as { eventId: string }).eventId, staffOf(request).organizerId);
          if (!pictureType(request)) throw new HttpError('unsupported_media_type', 'send the picture itself as image/png, image/jpeg or image/webp');
        },
      ],
      bodyLimit: maxImageBytes,
      schema: {
        tags: ['events'],
        summary: "Set the event's picture: the body is the PNG, JPEG or WebP file itself (at most 2 MB), its Content-Type saying which",
        params: EventIdParams,
        response: { 200: Type.Object({ imageUrl: Type.String() }), ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
      handler: async (request) => {
        const { eventId } = request.params;
        return { imageUrl: imageUrlOf(eventId, await saveEventImage(ctx, staffOf(request).organizerId, eventId, pictureType(request)!, request.body as Buffer)) };
      },
    });
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
