import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { eraseAccount } from '../../domain/privacy/erase-account.ts';
import { exportAccount } from '../../domain/privacy/export-account.ts';
import { readableExport } from '../../domain/privacy/readable-export.ts';
import { LangQuery, languageOf } from '../language.ts';
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
      description:
        'format=full (the default): every row as stored, to move to another service. format=readable: the same for a person to read, ' +
        'in ?lang= (tickets with their event, questions with the answers given, messages with their text, no internal ids).',
      headers: DpopHeader,
      querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('full'), Type.Literal('readable')])), lang: LangQuery }, { additionalProperties: false }),
      response: { 200: Type.Object({}, { additionalProperties: true }), ...errorResponses(400, 401) },
    },
    handler: async (request, reply) => {
      const readable = request.query.format === 'readable';
      const document = readable
        ? await readableExport(ctx, accountIdOf(request), languageOf(request.query.lang, request))
        : await exportAccount(ctx, accountIdOf(request));
      return reply.header('content-disposition', `attachment; filename="ticketguard-${readable ? 'my-data' : 'export'}.json"`).send(document);
    },
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
