import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { createList, deleteList, typeIdsOf, updateList } from '../../domain/check-in-lists/check-in-lists.ts';
import { listsOfEvent, presence } from '../../domain/check-in-lists/presence.ts';
import type { CheckInListsTable } from '../../storage/schema.ts';
import { staffOf } from '../auth/organizer-auth.ts';
import { DateTime, EventIdParams, Nullable, Uuid, errorResponses } from '../schemas.ts';
import { typed, type RouteDeps } from './deps.ts';

const listFields = {
  name: Type.String({ minLength: 1, maxLength: 100, description: 'what gate staff see, e.g. "VIP area" or "Car park P1"' }),
  ticketTypeIds: Nullable(
    Type.Array(Uuid, { minItems: 1, maxItems: 100, description: 'ticket type ids (voucher campaign ids in voucher mode)' }),
    { description: 'the types this list admits; null: every admission type (every campaign in voucher mode)' },
  ),
  allowReentry: Type.Boolean({ description: 'a ticket that left through an exit scan may come in again' }),
};

const Counts = {
  inside: Type.Integer({ description: 'tickets inside now: entries minus exits' }),
  entries: Type.Integer({ description: 'accepted entry scans' }),
  exits: Type.Integer({ description: 'accepted exit scans' }),
};

const CheckInList = Type.Object({
  id: Uuid,
  name: Type.String(),
  ticketTypeIds: Nullable(Type.Array(Uuid)),
  allowReentry: Type.Boolean(),
  mode: Type.Union([Type.Literal('ticket'), Type.Literal('voucher')]),
  isDefault: Type.Boolean({ description: 'one of the two lists every event has; it cannot be deleted and admits every type' }),
  createdAt: DateTime,
  ...Counts,
});

const presentList = (list: CheckInListsTable, counts = { inside: 0, entries: 0, exits: 0 }) => ({
  id: list.id,
  name: list.name,
  ticketTypeIds: typeIdsOf(list),
  allowReentry: list.allow_reentry === 1,
  mode: list.mode,
  isDefault: list.is_default === 1,
  createdAt: list.created_at,
  ...counts,
});

const ListParams = Type.Object({ eventId: Uuid, listId: Uuid });

/** Check-in lists (which entrance admits which products) and who is inside now. */
export function checkInListRoutes(app: FastifyInstance, { ctx, organizer }: RouteDeps) {
  const r = typed(app);

  r.post('/api/v1/events/:eventId/check-in-lists', {
    preHandler: organizer('gate.manage'),
    schema: {
      tags: ['gate'],
      summary: 'Add a check-in list: an entrance that admits some products, with or without re-entry',
      params: EventIdParams,
      body: Type.Object(
        {
          ...listFields,
          allowReentry: Type.Optional(listFields.allowReentry),
          mode: Type.Optional(Type.Union([Type.Literal('ticket'), Type.Literal('voucher')], { description: 'ticket (default) at a door, voucher at a bar' })),
        },
        { additionalProperties: false },
      ),
      response: { 201: CheckInList, ...errorResponses(400, 401, 403, 404) },
    },
    handler: async (request, reply) => reply.status(201).send(presentList(await createList(ctx, staffOf(request).organizerId, request.params.eventId, request.body))),
  });

  r.get('/api/v1/events/:eventId/check-in-lists', {
    preHandler: organizer('events.read'),
    schema: {
      tags: ['gate'],
      summary: "The event's check-in lists, defaults first, each with who is inside now",
      params: EventIdParams,
      response: { 200: Type.Object({ lists: Type.Array(CheckInList) }), ...errorResponses(401, 403, 404) },
    },
    handler: async (request) => ({
      lists: (await listsOfEvent(ctx, staffOf(request).organizerId, request.params.eventId)).map(({ list, ...counts }) => presentList(list, counts)),
    }),
  });

  r.patch('/api/v1/events/:eventId/check-in-lists/:listId', {
    preHandler: organizer('gate.manage'),
    schema: {
      tags: ['gate'],
      summary: 'Rename a list, change the types it admits or whether it allows re-entry; scanners follow with their next pack',
      params: ListParams,
      body: Type.Object(
        { name: Type.Optional(listFields.name), ticketTypeIds: Type.Optional(listFields.ticketTypeIds), allowReentry: Type.Optional(listFields.allowReentry) },
        { additionalProperties: false, minProperties: 1 },
      ),
      response: { 200: CheckInList, ...errorResponses(400, 401, 403, 404) },
    },
    handler: async (request) => presentList(await updateList(ctx, staffOf(request).organizerId, request.params.eventId, request.params.listId, request.body)),
  });

  r.delete('/api/v1/events/:eventId/check-in-lists/:listId', {
    preHandler: organizer('gate.manage'),
    schema: {
      tags: ['gate'],
      summary: 'Delete a list no gate device scans for (409 list_in_use until they are moved); its check-ins stay on record',
      params: ListParams,
      response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 409) },
    },
    handler: async (request, reply) => {
      await deleteList(ctx, staffOf(request).organizerId, request.params.eventId, request.params.listId);
      return reply.status(204).send(null);
    },
  });

  r.get('/api/v1/events/:eventId/presence', {
    preHandler: organizer('gate.stats'),
    schema: {
      tags: ['gate'],
      summary: 'How many are inside now, in total and per ticket list, with entries and exits per minute',
      params: EventIdParams,
      response: {
        200: Type.Object({
          inside: Type.Integer({ description: 'people inside now: admission tickets inside on any ticket list, each counted once' }),
          lists: Type.Array(Type.Object({ id: Uuid, name: Type.String(), ...Counts })),
          perMinute: Type.Array(Type.Object({ minute: DateTime, listId: Uuid, entries: Type.Integer(), exits: Type.Integer() })),
        }),
        ...errorResponses(401, 403, 404),
      },
    },
    handler: async (request) => presence(ctx, staffOf(request).organizerId, request.params.eventId),
  });
}
