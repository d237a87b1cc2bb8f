import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { joinWaitlist, listForResale, withdrawListing } from '../../domain/exchange/resale.ts';
import { accountIdOf } from '../auth/dpop.ts';
import { DateTime, DpopHeader, EventIdParams, Uuid, errorResponses } from '../schemas.ts';
import { typed, type RouteDeps } from './deps.ts';

const Listing = Type.Object({
  id: Uuid,
  ticketId: Uuid,
  eventId: Uuid,
  ticketTypeId: Uuid,
  priceCents: Type.Integer({ description: 'always the face value' }),
  currency: Type.String(),
  status: Type.Union(['listed', 'offered', 'sold', 'withdrawn', 'cancelled'].map((s) => Type.Literal(s))),
  createdAt: DateTime,
});

const WaitlistEntry = Type.Object({
  id: Uuid,
  eventId: Uuid,
  ticketTypeId: Uuid,
  status: Type.Union(['waiting', 'offered', 'fulfilled', 'expired', 'left'].map((s) => Type.Literal(s))),
  joinedAt: DateTime,
});

const TicketIdParams = Type.Object({ ticketId: Uuid });

export function exchangeRoutes(app: FastifyInstance, { ctx, wallet }: RouteDeps) {
  const r = typed(app);

  r.post('/api/v1/tickets/:ticketId/resale', {
    preHandler: wallet.account,
    schema: {
      tags: ['wallet'],
      summary: 'List this ticket on the exchange at face value (transfer policy "exchange" only)',
      headers: DpopHeader,
      params: TicketIdParams,
      body: Type.Optional(Type.Object({}, { additionalProperties: false, description: 'nothing: the price is always the face value' })),
      response: { 201: Listing, ...errorResponses(401, 404, 409) },
    },
    handler: async (request, reply) => {
      const l = await listForResale(ctx, accountIdOf(request), request.params.ticketId);
      return reply.status(201).send({
        id: l.id, ticketId: l.ticket_id, eventId: l.event_id, ticketTypeId: l.ticket_type_id, priceCents: l.price_cents, currency: l.currency, status: l.status, createdAt: l.created_at,
      });
    },
  });

  r.delete('/api/v1/tickets/:ticketId/resale', {
    preHandler: wallet.account,
    schema: {
      tags: ['wallet'],
      summary: 'Withdraw the listing, until it has been offered to a buyer',
      headers: DpopHeader,
      params: TicketIdParams,
      response: { 204: Type.Null(), ...errorResponses(401, 404, 409) },
    },
    handler: async (request, reply) => {
      await withdrawListing(ctx, accountIdOf(request), request.params.ticketId);
      return reply.status(204).send(null);
    },
  });

  r.post('/api/v1/events/:eventId/waitlist', {
    preHandler: wallet.account,
    schema: {
      tags: ['wallet'],
      summary: 'Join the waiting list of a ticket type; a listed ticket becomes a pending order at face value for the first in line',
      headers: DpopHeader,
      params: EventIdParams,
      body: Type.Object({ ticketTypeId: Uuid }, { additionalProperties: false }),
      response: { 200: WaitlistEntry, 201: WaitlistEntry, ...errorResponses(400, 401, 404, 409) },
    },
    handler: async (request, reply) => {
      const { entry, created } = await joinWaitlist(ctx, accountIdOf(request), request.params.eventId, request.body.ticketTypeId);
      return reply
        .status(created ? 201 : 200)
        .send({ id: entry.id, eventId: entry.event_id, ticketTypeId: entry.ticket_type_id, status: entry.status, joinedAt: entry.created_at });
    },
  });
}
