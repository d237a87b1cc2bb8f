import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { signIn } from '../../domain/organizers/sign-in.ts';
import { signUp } from '../../domain/organizers/sign-up.ts';
import { errorResponses, Uuid } from '../schemas.ts';
import { typed, type RouteDeps } from './deps.ts';
import { limited } from '../rate-limits.ts';

const Email = Type.String({ format: 'email', maxLength: 254 });

export function organizerRoutes(app: FastifyInstance, { ctx }: RouteDeps) {
  const r = typed(app);

  r.post('/api/v1/organizers', {
    config: limited('signUp'),
    schema: {
      tags: ['organizers'],
      summary: 'Sign up: a new organizer with you as its owner',
      body: Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 200 }),
          email: Email,
          password: Type.String({ minLength: 10, maxLength: 256, description: 'at least 10 characters' }),
        },
        { additionalProperties: false },
      ),
      response: {
        201: Type.Object({ organizer: Type.Object({ id: Uuid, name: Type.String() }), token: Type.String() }),
        ...errorResponses(400, 409, 429),
      },
    },
    handler: async (request, reply) => reply.status(201).send(await signUp(ctx, request.body)),
  });

  r.post('/api/v1/sessions', {
    config: limited('signIn'),
    schema: {
      tags: ['organizers'],
      summary: 'Sign in: a session token for the organizer API',
      body: Type.Object({ email: Email, password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ token: Type.String() }), ...errorResponses(400, 401, 429) },
    },
    handler: async (request) => signIn(ctx, request.body),
  });
}
