import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { claimTicket } from '../../domain/transfers/claim-ticket.ts';
import { createClaimLink, revokeClaimLinks } from '../../domain/transfers/claim-links.ts';
import { transferHistory } from '../../domain/transfers/transfer-history.ts';
import { revokeTicket } from '../../domain/tickets/revoke-ticket.ts';
import { rateLimit } from '../../domain/limits/rate-limit.ts';
import { accountIdOf } from '../auth/dpop.ts';
import { staffOf } from '../auth/organizer-auth.ts';
import { DateTime, DpopHeader, Nullable, Uuid, errorResponses } from '../schemas.ts';
import { limited } from '../rate-limits.ts';
import { typed, type RouteDeps } from './deps.ts';

const TicketIdParams = Type.Object({ ticketId: Uuid });

export function transferRoutes(app: FastifyInstance, { ctx, wallet, organizer }: RouteDeps) {
  const r = typed(app);

  r.post('/api/v1/tickets/:ticketId/claim-links', {
    preHandler: wallet.account,
    schema: {
      tags: ['wallet'],
      summary: 'Make a one-time link that moves this ticket to a friend\'s phone (replaces an open one)',
      headers: DpopHeader,
      params: TicketIdParams,
      response: { 201: Type.Object({ claimToken: Type.String(), url: Type.String(), expiresAt: DateTime }), ...errorResponses(401, 404, 409) },
    },
    handler: async (request, reply) => reply.status(201).send(await createClaimLink(ctx, accountIdOf(request), request.params.ticketId)),
  });

  r.delete('/api/v1/tickets/:ticketId/claim-links', {
    preHandler: wallet.account,
    schema: {
      tags: ['wallet'],
      summary: 'Withdraw the open claim link of this ticket',
      headers: DpopHeader,
      params: TicketIdParams,
      response: { 204: Type.Null(), ...errorResponses(401, 404, 409) },
    },
    handler: async (request, reply) => {
      await revokeClaimLinks(ctx, accountIdOf(request), request.params.ticketId);
      return reply.status(204).send(null);
    },
  });

  r.post('/api/v1/claims', {
    config: limited('claims'),
    preHandler: wallet.account,
    schema: {
      tags: ['wallet'],
      summary: 'Claim a ticket by its link: it moves to this phone with a new credential',
      headers: DpopHeader,
      body: Type.Object({ claimToken: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
      response: {
        200: Type.Object({ ticket: Type.Object({ id: Uuid, seq: Type.Integer(), credential: Type.String() }) }),
        ...errorResponses(400, 401, 404, 409, 429),
      },
    },
    handler: async (request) => {
      // Guessing 128-bit tokens is hopeless, but attempts are still capped per phone (here) and per address (route config).
      await rateLimit(ctx, `claim:account:${accountIdOf(request)}`, 10, 60);
      return { ticket: await claimTicket(ctx, accountIdOf(request), request.body.claimToken) };
    },
  });

  r.post('/api/v1/events/:eventId/tickets/:ticketId/revoke', {
    preHandler: organizer('tickets.revoke'),
    schema: {
      tags: ['events'],
      summary: 'Revoke a ticket (refund, cancellation, fraud); it is refused at every gate from the next pack on',
      params: Type.Object({ eventId: Uuid, ticketId: Uuid }),
      body: Type.Object(
        {
          reason: Type.String({ minLength: 1, maxLength: 200 }),
          refund: Type.Optional(Type.Boolean({ default: true, description: 'refund the face value to the buyer (default true)' })),
        },
        { additionalProperties: false },
      ),
      response: {
        200: Type.Object({
          ticket: Type.Object({ id: Uuid, state: Type.Literal('revoked') }),
          refund: Nullable(Type.Object({ id: Uuid, amountCents: Type.Integer(), currency: Type.String(), status: Type.String({ description: 'pending until the payment provider pays it out; see GET /api/v1/events/:eventId/refunds' }) })),
        }),
        ...errorResponses(400, 401, 403, 404, 409),
      },
    },
    handler: async (request) => {
      const { eventId, ticketId } = request.params;
      return revokeTicket(ctx, staffOf(request).organizerId, eventId, ticketId, { reason: request.body.reason, refund: request.body.refund ?? true });
    },
  });

  r.get('/api/v1/events/:eventId/transfers', {
    preHandler: organizer('insights.read'),
    schema: {
      tags: ['insights'],
      summary: 'Every change of holder, with pairwise pseudonyms (holderRef) instead of accounts',
      params: Type.Object({ eventId: Uuid }),
      response: {
        200: Type.Object({
          transfers: Type.Array(
            Type.Object({ ticketTypeId: Uuid, from: Nullable(Type.String()), to: Nullable(Type.String()), reason: Type.String(), seq: Type.Integer(), at: DateTime }),
          ),
        }),
        ...errorResponses(401, 403, 404),
      },
    },
    handler: async (request) => ({ transfers: await transferHistory(ctx, staffOf(request).organizerId, request.params.eventId) }),
  });
}
