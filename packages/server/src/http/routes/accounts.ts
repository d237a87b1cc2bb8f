import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { registerAccount } from '../../domain/accounts/register-account.ts';
import { DpopHeader, errorResponses, Uuid } from '../schemas.ts';
import { limited } from '../rate-limits.ts';
import { typed, type RouteDeps } from './deps.ts';

export function accountRoutes(app: FastifyInstance, { ctx, wallet }: RouteDeps) {
  typed(app).post('/api/v1/accounts', {
    config: limited('accounts'),
    preHandler: wallet.key,
    schema: {
      tags: ['wallet'],
      summary: 'Create the account of this holder key (or get it, if it exists)',
      headers: DpopHeader,
      body: Type.Optional(Type.Object({}, { additionalProperties: false })),
      response: {
        200: Type.Object({ accountId: Uuid }),
        201: Type.Object({ accountId: Uuid }),
        ...errorResponses(400, 401, 429),
      },
    },
    handler: async (request, reply) => {
      const { thumbprint, jwk } = request.holder!;
      const { accountId, created } = await registerAccount(ctx, thumbprint, jwk);
      return reply.status(created ? 201 : 200).send({ accountId });
    },
  });
}
