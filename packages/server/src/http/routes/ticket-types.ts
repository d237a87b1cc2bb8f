import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { addTicketType, updateTicketType } from '../../domain/events/ticket-types.ts';
import { OrganizerTicketType, presentOrganizerTicketType } from '../presenters/events.ts';
import { staffOf } from '../auth/organizer-auth.ts';
import { EventIdParams, Uuid, errorResponses } from '../schemas.ts';
import { typed, type RouteDeps } from './deps.ts';

const fields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  priceCents: Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'face value in minor units' }),
  currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217, e.g. EUR' }),
  capacity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  kind: Type.Union([Type.Literal('admission'), Type.Literal('addon')], { description: 'admission (default) admits to the event; addon is sold beside it: parking, a locker, a camping spot' }),
  requiresAdmission: Type.Boolean({ description: 'add-ons only, true by default: only an account holding (or buying in the same order) an admission ticket may buy it' }),
};

export function ticketTypeRoutes(app: FastifyInstance, { ctx, organizer }: RouteDeps) {
  const r = typed(app);

  r.post('/api/v1/events/:eventId/ticket-types', {
    preHandler: organizer('events.write'),
    schema: {
      tags: ['events'],
      summary: 'Add a product to an event: a ticket type (price and capacity) or an add-on',
      params: EventIdParams,
      body: Type.Object(
        { ...fields, kind: Type.Optional(fields.kind), requiresAdmission: Type.Optional(fields.requiresAdmission) },
        { additionalProperties: false },
      ),
      response: { 201: OrganizerTicketType, ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request, reply) => {
      const row = await addTicketType(ctx, staffOf(request).organizerId, request.params.eventId, request.body);
      return reply.status(201).send(presentOrganizerTicketType(row));
    },
  });

  r.patch('/api/v1/events/:eventId/ticket-types/:ticketTypeId', {
    preHandler: organizer('events.write'),
    schema: {
      tags: ['events'],
      summary: 'Rename, reprice (before any sale), resize, stop or resume selling a ticket type',
      params: Type.Object({ eventId: Uuid, ticketTypeId: Uuid }),
      body: Type.Object(
        {
          name: Type.Optional(fields.name),
          priceCents: Type.Optional(fields.priceCents),
          capacity: Type.Optional(fields.capacity),
          salesStopped: Type.Optional(Type.Boolean({ description: 'true stops selling it (what was sold stays valid); false sells it again' })),
        },
        { additionalProperties: false, minProperties: 1 },
      ),
      response: { 200: OrganizerTicketType, ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request) => {
      const { eventId, ticketTypeId } = request.params;
      return presentOrganizerTicketType(await updateTicketType(ctx, staffOf(request).organizerId, eventId, ticketTypeId, request.body));
    },
  });
}
