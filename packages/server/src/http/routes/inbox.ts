import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { inboxOf } from '../../domain/messaging/inbox.ts';
import { accountIdOf, proofFromQuery } from '../auth/dpop.ts';
import { inboxStreams } from '../inbox-stream.ts';
import { InboxMessage, presentInboxMessage } from '../presenters/messages.ts';
import { LangQuery, languageOf } from '../language.ts';
import { DpopHeader, errorResponses } from '../schemas.ts';
import { typed, type RouteDeps } from './deps.ts';

export function inboxRoutes(app: FastifyInstance, { ctx, wallet }: RouteDeps) {
  const r = typed(app);
  const streams = inboxStreams(ctx.inboxBus);
  app.addHook('preClose', async () => streams.endAll());

  r.get('/api/v1/me/inbox', {
    preHandler: wallet.account,
    schema: {
      tags: ['wallet'],
      summary: 'Your inbox: messages from the organizers of events you hold tickets for, newest first (the latest 100)',
      headers: DpopHeader,
      querystring: Type.Object({ lang: LangQuery }),
      response: { 200: Type.Object({ messages: Type.Array(InboxMessage) }), ...errorResponses(401) },
    },
    handler: async (request) => {
      const language = languageOf(request.query.lang, request);
      return { messages: (await inboxOf(ctx, accountIdOf(request))).map((m) => presentInboxMessage(m, language)) };
    },
  });

  r.get('/api/v1/me/inbox/stream', {
    preHandler: [proofFromQuery, wallet.account],
    schema: {
      tags: ['wallet'],
      summary:
        'Your inbox as Server-Sent Events (text/event-stream): on connect the latest 100 messages, oldest first, as `message` events ' +
        '(`id` = message id, `data` = the message as in GET /api/v1/me/inbox), then a `ready` event, then each new message as it is ' +
        'delivered, and a `: heartbeat` comment every 15 s. The DPoP proof may come as `?dpop=<proof>` (EventSource cannot set ' +
        'headers); its htu is still the URL without the query.',
      headers: DpopHeader,
      querystring: Type.Object({ dpop: Type.Optional(Type.String({ maxLength: 4096, description: 'DPoP proof, for clients that cannot send the header' })), lang: LangQuery }),
      response: { 200: Type.String({ description: 'text/event-stream' }), ...errorResponses(401) },
    },
    handler: async (request, reply) => {
      const accountId = accountIdOf(request);
      reply.hijack();
      await streams.stream(reply.raw, accountId, languageOf(request.query.lang, request), () => inboxOf(ctx, accountId));
    },
  });
}
