import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { placeOrder } from '../../domain/orders/place-order.ts';
import { buyersOrder } from '../../domain/orders/order-view.ts';
import { settleSandboxOrder } from '../../domain/orders/settle-order.ts';
import { OrderResponse, Ticket, presentOrder, presentTicket } from '../presenters/orders.ts';
import { accountIdOf, settleProof } from '../auth/dpop.ts';
import { DpopHeader, Uuid, errorResponses } from '../schemas.ts';
import { typed, type RouteDeps } from './deps.ts';

const OrderIdParams = Type.Object({ orderId: Uuid });

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
      summary: 'The tickets this account holds',
      headers: DpopHeader,
      response: { 200: Type.Object({ tickets: Type.Array(Ticket) }), ...errorResponses(401) },
    },
    handler: async (request) => ({ tickets: (await ctx.store.repos.orders.ticketsOfAccount(accountIdOf(request))).map(presentTicket) }),
  });
}
