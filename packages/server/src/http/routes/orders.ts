import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { placeOrder } from '../../domain/orders/place-order.ts';
import { buyersOrder } from '../../domain/orders/order-view.ts';
import { settleSandboxOrder } from '../../domain/orders/settle-order.ts';
import { cancelOrder } from '../../domain/orders/cancel-order.ts';
import { OrderResponse, Ticket, presentOrder, presentTicket } from '../presenters/orders.ts';
import { accountIdOf, settleProof } from '../auth/dpop.ts';
import { DateTime, DpopHeader, Nullable, Uuid, errorResponses } from '../schemas.ts';
import { ticketRef } from '../../domain/tickets/ticket-ref.ts';
import { typed, type RouteDeps } from './deps.ts';

const OrderIdParams = Type.Object({ orderId: Uuid });

const HandedOn = Type.Object({
  id: Uuid,
  ref: Type.String(),
  eventId: Uuid,
  ticketTypeId: Uuid,
  kind: Type.Union([Type.Literal('admission'), Type.Literal('addon')]),
  reason: Type.Union([Type.Literal('claim'), Type.Literal('exchange')], { description: 'claim: a friend claimed it by its link; exchange: sold on the exchange' }),
  handedOnAt: DateTime,
});

export function orderRoutes(app: FastifyInstance, { ctx, wallet }: RouteDeps) {
  const r = typed(app);

  r.post('/api/v1/orders', {
    // The proof's jti is recorded in the order's own transaction: one transaction per order.
    config: { jtiInTransaction: true },
    preHandler: wallet.account,
    schema: {
      tags: ['wallet'],
      summary: 'Hold tickets: a pending order that keeps its seats until paid or expired',
      headers: Type.Object({
        ...DpopHeader.properties,
        'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'a repeat with the same key returns the first order' })),
        'queue-admission': Type.Optional(Type.String({ maxLength: 200, description: "the admission a waiting room gave this account (GET /api/v1/events/:id/queue/me); required while the event's waiting room is on" })),
      }),
      body: Type.Object(
        {
          eventId: Uuid,
          items: Type.Array(
            Type.Object({ ticketTypeId: Uuid, quantity: Type.Integer({ minimum: 1, maximum: 100 }) }, { additionalProperties: false }),
            { minItems: 1, maxItems: 20 },
          ),
        },
        { additionalProperties: false },
      ),
      response: { 200: OrderResponse, 201: OrderResponse, ...errorResponses(400, 401, 404, 409, 422) },
    },
    handler: async (request, reply) => {
      const proof = request.holder!.pendingProof;
      try {
        const result = await placeOrder(ctx, accountIdOf(request), request.body, {
          idempotencyKey: request.headers['idempotency-key'], queueAdmission: request.headers['queue-admission'], proof,
        });
        await settleProof(ctx, request);
        return reply.status(201).send(presentOrder(result));
      } catch (error) {
        await settleProof(ctx, request);
        throw error;
      }
    },
  });

  r.get('/api/v1/orders/:orderId', {
    preHandler: wallet.account,
    schema: {
      tags: ['wallet'],
      summary: 'One of your orders, with its tickets once paid',
      description:
        "The provider's return address (the wallet's order page) polls this. A payment still open at a real provider is asked " +
        'for its status first, so the answer does not wait for the webhook.',
      headers: DpopHeader,
      params: OrderIdParams,
      response: { 200: OrderResponse, ...errorResponses(401, 404) },
    },
    handler: async (request) => presentOrder(await buyersOrder(ctx, accountIdOf(request), request.params.orderId, { ask: true })),
  });

  r.post('/api/v1/orders/:orderId/sandbox-payment', {
    preHandler: wallet.account,
    schema: {
      tags: ['wallet'],
      summary: 'Settle your pending order with the built-in sandbox payment provider',
      headers: DpopHeader,
      params: OrderIdParams,
      body: Type.Object({ outcome: Type.Union([Type.Literal('paid'), Type.Literal('failed')]) }, { additionalProperties: false }),
      response: { 200: OrderResponse, ...errorResponses(400, 401, 404, 409) },
    },
    handler: async (request) => {
      const order = await buyersOrder(ctx, accountIdOf(request), request.params.orderId);
      return presentOrder(await settleSandboxOrder(ctx, order.order.id, request.body.outcome));
    },
  });

  r.post('/api/v1/orders/:orderId/cancel', {
    preHandler: wallet.account,
    schema: {
      tags: ['wallet'],
      summary: 'Cancel your pending order: its seats come back at once',
      description: 'The order becomes expired with statusReason cancelled; a payment that still arrives for it is refunded.',
      headers: DpopHeader,
      params: OrderIdParams,
      response: { 200: OrderResponse, ...errorResponses(401, 404, 409) },
    },
    handler: async (request) => {
      await cancelOrder(ctx, accountIdOf(request), request.params.orderId);
      return presentOrder(await buyersOrder(ctx, accountIdOf(request), request.params.orderId));
    },
  });

  r.get('/api/v1/me/orders', {
    preHandler: wallet.account,
    schema: {
      tags: ['wallet'],
      summary: 'Your orders, newest first; exchange offers waiting for payment are pending orders with `resale: true`',
      headers: DpopHeader,
      response: { 200: Type.Object({ orders: Type.Array(OrderResponse) }), ...errorResponses(401) },
    },
    handler: async (request) => {
      const ids = await ctx.store.repos.orders.idsOfAccount(accountIdOf(request));
      return { orders: await Promise.all(ids.map(async (id) => presentOrder(await buyersOrder(ctx, accountIdOf(request), id)))) };
    },
  });

  r.get('/api/v1/me/tickets', {
    preHandler: wallet.account,
    schema: {
      tags: ['wallet'],
      summary: 'The tickets this account holds, and those it handed on',
      headers: DpopHeader,
      response: {
        200: Type.Object({
          tickets: Type.Array(Type.Object({ ...Ticket.properties, claimLink: Nullable(Type.Object({ expiresAt: DateTime }), { description: 'the open claim link, until a friend uses it or it is withdrawn' }) })),
          handedOn: Type.Array(HandedOn, { description: 'tickets this account handed on and no longer holds, newest first' }),
        }),
        ...errorResponses(401),
      },
    },
    handler: async (request) => {
      const repos = ctx.store.repos;
      const tickets = await repos.orders.ticketsOfAccount(accountIdOf(request));
      const links = new Map((await repos.transfers.openLinksOf(tickets.map((t) => t.id))).map((l) => [l.ticket_id, { expiresAt: l.expires_at }]));
      return {
        tickets: tickets.map((t) => ({ ...presentTicket(t), claimLink: links.get(t.id) ?? null })),
        handedOn: (await repos.transfers.handedOnBy(accountIdOf(request))).map((t) => ({
          id: t.id, ref: ticketRef(t.id), eventId: t.event_id, ticketTypeId: t.ticket_type_id, kind: t.kind, reason: t.reason as 'claim' | 'exchange', handedOnAt: t.handed_on_at,
        })),
      };
    },
  });
}
