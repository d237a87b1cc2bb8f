import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { eraseAccount } from '../../domain/privacy/erase-account.ts';
import { exportAccount } from '../../domain/privacy/export-account.ts';
import { accountIdOf } from '../auth/dpop.ts';
import { DpopHeader, errorResponses } from '../schemas.ts';
import { typed, type RouteDeps } from './deps.ts';

export function myDataRoutes(app: FastifyInstance, { ctx, wallet }: RouteDeps) {
  const r = typed(app);

  r.get('/api/v1/me/export', {
    preHandler: wallet.account,
    schema: {
      tags: ['privacy'],
      summary: 'Everything stored about your account, as one JSON document',
      headers: DpopHeader,
      response: { 200: Type.Object({ format: Type.String() }, { additionalProperties: true }), ...errorResponses(401) },
    },
    handler: async (request, reply) =>
      reply.header('content-disposition', 'attachment; filename="ticketguard-export.json"').send(await exportAccount(ctx, accountIdOf(request))),
  });

  r.delete('/api/v1/me', {
    preHandler: wallet.account,
    schema: {
      tags: ['privacy'],
      summary: 'Erase your personal data; your tickets stay usable on this phone',
      headers: DpopHeader,
      response: { 204: Type.Null(), ...errorResponses(401) },
    },
    handler: async (request, reply) => {
      await eraseAccount(ctx, accountIdOf(request));
      return reply.status(204).send(null);
    },
  });
}
