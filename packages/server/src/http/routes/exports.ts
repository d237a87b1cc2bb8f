import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from '@sinclair/typebox';
import { checkInsCsv, ordersCsv } from '../../domain/exports/event-exports.ts';
import { staffOf } from '../auth/organizer-auth.ts';
import { EventIdParams, Uuid, errorResponses } from '../schemas.ts';
import { typed, type RouteDeps } from './deps.ts';

const Csv = Type.String({ description: 'text/csv; charset=utf-8, RFC 4180, with a header row' });

const sendCsv = (reply: FastifyReply, file: { filename: string; csv: string }) =>
  reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('cache-control', 'no-store')
    .send(file.csv);

/** Spreadsheets for the organizer; the dashboard fetches them with its Bearer token and saves the blob. */
export function exportRoutes(app: FastifyInstance, { ctx, organizer }: RouteDeps) {
  const r = typed(app);

  r.get('/api/v1/events/:eventId/orders.csv', {
    preHandler: organizer('exports.read'),
    schema: {
      tags: ['exports'],
      summary: "The event's orders as CSV, buyers as pseudonyms (holderRef)",
      params: EventIdParams,
      produces: ['text/csv'],
      response: { 200: Csv, ...errorResponses(400, 401, 403, 404) },
    },
    handler: async (request, reply) => sendCsv(reply, await ordersCsv(ctx, staffOf(request).organizerId, request.params.eventId)),
  });

  r.get('/api/v1/events/:eventId/check-ins.csv', {
    preHandler: organizer('exports.read'),
    schema: {
      tags: ['exports'],
      summary: "The event's entries and exits as CSV (one check-in list's with listId), holders as pseudonyms (holderRef)",
      params: EventIdParams,
      querystring: Type.Object({ listId: Type.Optional(Uuid) }),
      produces: ['text/csv'],
      response: { 200: Csv, ...errorResponses(400, 401, 403, 404) },
    },
    handler: async (request, reply) => sendCsv(reply, await checkInsCsv(ctx, staffOf(request).organizerId, request.params.eventId, request.query.listId)),
  });
}
