import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { checkInByHand, lookUpTickets, resendClaimLink } from '../../domain/tickets/help-desk.ts';
import { staffOf } from '../auth/organizer-auth.ts';
import { DateTime, Nullable, Uuid, errorResponses } from '../schemas.ts';
import { typed, type RouteDeps } from './deps.ts';

const What = (...words: string[]) => Type.Union(words.map((w) => Type.Literal(w)));

const HistoryEntry = Type.Union([
  Type.Object({ at: DateTime, what: What('issued', 'claimed', 'resold', 'recovered', 'claim_link_made', 'claim_link_sent', 'revoked') }),
  Type.Object({
    at: DateTime,
    what: Type.Literal('scanned'),
    list: Nullable(Type.String()),
    direction: What('in', 'out'),
    verdict: What('accepted', 'rejected'),
    reason: Nullable(Type.String({ description: 'why a gate refused it (PROTOCOL.md section 4)' })),
    gate: Type.String(),
    conflict: Type.Boolean({ description: 'two gates dispute this entry' }),
  }),
  Type.Object({ at: DateTime, what: Type.Literal('checked_in_by_hand'), list: Nullable(Type.String()), note: Type.String({ description: 'the reason the desk gave' }) }),
]);

const DeskTicket = Type.Object({
  id: Uuid,
  ref: Type.String(),
  eventId: Uuid,
  eventName: Type.String(),
  eventStartsAt: DateTime,
  ticketTypeId: Uuid,
  ticketTypeName: Type.String(),
  kind: What('admission', 'addon'),
  state: What('valid', 'checked_in', 'revoked'),
  seq: Type.Integer(),
  insideOn: Type.Array(Type.Object({ id: Uuid, name: Type.String() }), { description: 'the check-in lists it is inside on now' }),
  history: Type.Array(HistoryEntry, { description: 'oldest first' }),
});

const TicketIdParams = Type.Object({ ticketId: Uuid });

export function helpDeskRoutes(app: FastifyInstance, { ctx, organizer }: RouteDeps) {
  const r = typed(app);

  r.get('/api/v1/desk/tickets', {
    preHandler: organizer('desk.use'),
    schema: {
      tags: ['help desk'],
      summary: "Find your tickets by the short reference on the visitor's ticket screen (audited)",
      description: 'Case, spaces, dashes and the look-alikes O (for 0), I and L (for 1) are forgiven. Never says who holds a ticket.',
      querystring: Type.Object({ ref: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ tickets: Type.Array(DeskTicket) }), ...errorResponses(400, 401, 403) },
    },
    handler: async (request) => ({ tickets: await lookUpTickets(ctx, staffOf(request), request.query.ref) }),
  });

  r.post('/api/v1/desk/tickets/:ticketId/check-in', {
    preHandler: organizer('desk.use'),
    schema: {
      tags: ['help desk'],
      summary: 'Let a ticket in by hand, as a gate would, on a list (the default ticket list when left out); audited with the reason',
      params: TicketIdParams,
      body: Type.Object(
        { checkInListId: Type.Optional(Uuid), reason: Type.String({ minLength: 1, maxLength: 300, description: 'why, for the audit log: "phone battery dead, ID checked"' }) },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ ticket: DeskTicket }), ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request) => ({ ticket: await checkInByHand(ctx, staffOf(request), request.params.ticketId, request.body) }),
  });

  r.post('/api/v1/desk/tickets/:ticketId/claim-link', {
    preHandler: organizer('desk.use'),
    schema: {
      tags: ['help desk'],
      summary: "A friend lost the claim link: stop it and ask the holder, in their inbox, to share the ticket again (audited)",
      description: 'The new link is made by the holder\'s wallet; it never passes the desk. Nothing else can be sent from the desk.',
      params: TicketIdParams,
      body: Type.Optional(Type.Object({}, { additionalProperties: false })),
      response: {
        200: Type.Object({ sentTo: Type.Literal('holder'), linkStopped: Type.Boolean({ description: 'an open link was stopped' }) }),
        ...errorResponses(400, 401, 403, 404, 409),
      },
    },
    handler: async (request) => resendClaimLink(ctx, staffOf(request), request.params.ticketId),
  });
}
