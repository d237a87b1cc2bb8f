import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { createWebhook, deleteWebhook, eventsOf, listWebhooks, webhookDeliveries, webhookEventTypes } from '../../domain/webhooks/manage-webhooks.ts';
import type { WebhookDeliveriesTable } from '../../storage/schema.ts';
import { staffOf } from '../auth/organizer-auth.ts';
import { DateTime, Uuid, errorResponses } from '../schemas.ts';
import { typed, type RouteDeps } from './deps.ts';

const EventType = Type.Union(webhookEventTypes.map((t) => Type.Literal(t)));
const Status = Type.Union([Type.Literal('delivered'), Type.Literal('failed'), Type.Literal('pending')]);
const WebhookParams = Type.Object({ webhookId: Uuid });

const Delivery = Type.Object({
  id: Uuid,
  event: EventType,
  status: Status,
  httpStatus: Type.Optional(Type.Integer({ description: "the endpoint's answer to the last attempt, if it answered" })),
  attempts: Type.Integer(),
  createdAt: DateTime,
  lastAttemptAt: Type.Optional(DateTime),
  lastError: Type.Optional(Type.String({ description: 'why the last attempt failed: the status, a network error, or an address that is not public' })),
  nextAttemptAt: Type.Optional({ ...DateTime, description: 'when the next attempt is due, while pending' }),
});

type DeliveryRow = Pick<WebhookDeliveriesTable, 'id' | 'event_type' | 'status' | 'http_status' | 'attempts' | 'created_at' | 'last_attempt_at' | 'next_attempt_at' | 'last_error'>;

const presentDelivery = (d: DeliveryRow) => ({
  id: d.id,
  event: d.event_type,
  status: d.status,
  ...(d.http_status === null ? {} : { httpStatus: d.http_status }),
  attempts: d.attempts,
  createdAt: d.created_at,
  ...(d.last_attempt_at ? { lastAttemptAt: d.last_attempt_at } : {}),
  ...(d.last_error ? { lastError: d.last_error } : {}),
  ...(d.next_attempt_at && d.status === 'pending' ? { nextAttemptAt: d.next_attempt_at } : {}),
});

export function webhookRoutes(app: FastifyInstance, { ctx, organizer }: RouteDeps) {
  const r = typed(app);

  r.post('/api/v1/webhooks', {
    preHandler: organizer('webhooks.manage'),
    schema: {
      tags: ['webhooks'],
      summary: 'Register an https endpoint for events; the signing secret is shown only in this answer',
      description:
        'Each delivery is a POST of JSON {id, type, createdAt, data} with the headers Ticketguard-Event, Ticketguard-Delivery and ' +
        'Ticketguard-Signature: sha256=<hex HMAC-SHA-256 of the exact body bytes under the secret>. A 2xx answer within 10 s delivers it; ' +
        'otherwise it is retried after 10 s, 1 min, 5 min, 30 min and 2 h, then marked failed.',
      body: Type.Object(
        {
          url: Type.String({ minLength: 1, maxLength: 2000, description: 'https only' }),
          events: Type.Array(EventType, { minItems: 1, maxItems: webhookEventTypes.length, uniqueItems: true }),
        },
        { additionalProperties: false },
      ),
      response: {
        201: Type.Object({ id: Uuid, url: Type.String(), events: Type.Array(EventType), createdAt: DateTime, secret: Type.String() }),
        ...errorResponses(400, 401, 403),
      },
    },
    handler: async (request, reply) => reply.status(201).send(await createWebhook(ctx, staffOf(request).organizerId, request.body)),
  });

  r.get('/api/v1/webhooks', {
    preHandler: organizer('webhooks.manage'),
    schema: {
      tags: ['webhooks'],
      summary: 'Your webhooks, each with its newest delivery (never their secrets)',
      response: {
        200: Type.Object({
          webhooks: Type.Array(
            Type.Object({
              id: Uuid,
              url: Type.String(),
              events: Type.Array(EventType),
              createdAt: DateTime,
              lastDelivery: Type.Optional(Type.Object({ status: Status, httpStatus: Type.Optional(Type.Integer()), attempts: Type.Integer(), at: DateTime })),
            }),
          ),
        }),
        ...errorResponses(401, 403),
      },
    },
    handler: async (request) => ({
      webhooks: (await listWebhooks(ctx, staffOf(request).organizerId)).map((w) => ({
        id: w.id,
        url: w.url,
        events: eventsOf(w),
        createdAt: w.created_at,
        ...(w.lastDelivery
          ? {
              lastDelivery: {
                status: w.lastDelivery.status,
                ...(w.lastDelivery.http_status === null ? {} : { httpStatus: w.lastDelivery.http_status }),
                attempts: w.lastDelivery.attempts,
                at: w.lastDelivery.last_attempt_at ?? w.lastDelivery.created_at,
              },
            }
          : {}),
      })),
    }),
  });

  r.delete('/api/v1/webhooks/:webhookId', {
    preHandler: organizer('webhooks.manage'),
    schema: {
      tags: ['webhooks'],
      summary: 'Delete a webhook: nothing more is sent to it, retries included',
      params: WebhookParams,
      response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
    },
    handler: async (request, reply) => {
      await deleteWebhook(ctx, staffOf(request).organizerId, request.params.webhookId);
      return reply.status(204).send(null);
    },
  });

  r.get('/api/v1/webhooks/:webhookId/deliveries', {
    preHandler: organizer('webhooks.manage'),
    schema: {
      tags: ['webhooks'],
      summary: "A webhook's newest deliveries (at most 100), newest first",
      params: WebhookParams,
      response: { 200: Type.Object({ deliveries: Type.Array(Delivery) }), ...errorResponses(400, 401, 403, 404) },
    },
    handler: async (request) => ({ deliveries: (await webhookDeliveries(ctx, staffOf(request).organizerId, request.params.webhookId)).map(presentDelivery) }),
  });
}
