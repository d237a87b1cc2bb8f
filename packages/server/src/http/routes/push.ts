import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { subscribe, unsubscribe, vapidKeys } from '../../domain/push/web-push.ts';
import { accountIdOf } from '../auth/dpop.ts';
import { DpopHeader, errorResponses } from '../schemas.ts';
import { typed, type RouteDeps } from './deps.ts';

export function pushRoutes(app: FastifyInstance, { ctx, wallet }: RouteDeps) {
  const r = typed(app);

  r.get('/api/v1/push/public-key', {
    schema: {
      tags: ['wallet', 'public'],
      summary: "The server's VAPID public key, the applicationServerKey for PushManager.subscribe()",
      response: { 200: Type.Object({ publicKey: Type.String() }) },
    },
    handler: async () => ({ publicKey: (await vapidKeys(ctx)).publicKey }),
  });

  r.post('/api/v1/me/push-subscriptions', {
    preHandler: wallet.account,
    schema: {
      tags: ['wallet'],
      summary: "Store this browser's PushSubscription (its JSON as the browser gives it)",
      headers: DpopHeader,
      body: Type.Object(
        {
          endpoint: Type.String({ minLength: 8, maxLength: 2048 }),
          expirationTime: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
          keys: Type.Object({ p256dh: Type.String({ pattern: '^[A-Za-z0-9_-]{80,100}$' }), auth: Type.String({ pattern: '^[A-Za-z0-9_-]{16,32}$' }) }, { additionalProperties: false }),
        },
        { additionalProperties: false },
      ),
      response: { 201: Type.Object({ endpoint: Type.String() }), ...errorResponses(400, 401) },
    },
    handler: async (request, reply) => {
      await subscribe(ctx, accountIdOf(request), request.body);
      return reply.status(201).send({ endpoint: request.body.endpoint });
    },
  });

  r.delete('/api/v1/me/push-subscriptions', {
    preHandler: wallet.account,
    schema: {
      tags: ['wallet'],
      summary: 'Stop push messages to this browser',
      headers: DpopHeader,
      body: Type.Object({ endpoint: Type.String({ minLength: 8, maxLength: 2048 }) }, { additionalProperties: false }),
      response: { 204: Type.Null(), ...errorResponses(400, 401, 404) },
    },
    handler: async (request, reply) => {
      await unsubscribe(ctx, accountIdOf(request), request.body.endpoint);
      return reply.status(204).send(null);
    },
  });
}
