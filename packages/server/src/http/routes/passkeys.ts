import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { passkeyRegistrationOptions, registerPasskey } from '../../domain/passkeys/register-passkey.ts';
import { recoverAccount, recoveryOptions } from '../../domain/passkeys/recover-account.ts';
import { rateLimit } from '../../domain/limits/rate-limit.ts';
import { accountIdOf } from '../auth/dpop.ts';
import { Ticket, presentTicket } from '../presenters/orders.ts';
import { DateTime, DpopHeader, Nullable, Uuid, errorResponses } from '../schemas.ts';
import { typed, type RouteDeps } from './deps.ts';

/** What @simplewebauthn/browser's startRegistration / startAuthentication give, checked in outline here and fully by the verifier. */
const WebAuthnResponse = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 1024 }),
    rawId: Type.String({ minLength: 1, maxLength: 1024 }),
    type: Type.Literal('public-key'),
    response: Type.Object({ clientDataJSON: Type.String({ minLength: 1, maxLength: 8192 }) }, { additionalProperties: true }),
    clientExtensionResults: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: true },
);
const Body = Type.Object({ response: WebAuthnResponse }, { additionalProperties: false });
const Options = Type.Object({ challenge: Type.String() }, { additionalProperties: true, description: 'WebAuthn options JSON, for @simplewebauthn/browser' });
const withExtensions = <T>(response: { clientExtensionResults?: object }) => ({ clientExtensionResults: {}, ...response }) as T;

export function passkeyRoutes(app: FastifyInstance, { ctx, wallet }: RouteDeps) {
  const r = typed(app);

  r.post('/api/v1/me/passkeys/options', {
    preHandler: wallet.account,
    schema: {
      tags: ['wallet'],
      summary: 'Options to back your account up with a passkey (WebAuthn registration); the challenge lasts 5 minutes',
      headers: DpopHeader,
      body: Type.Optional(Type.Object({}, { additionalProperties: false })),
      response: { 200: Options, ...errorResponses(401) },
    },
    handler: async (request) => passkeyRegistrationOptions(ctx, accountIdOf(request)),
  });

  r.post('/api/v1/me/passkeys', {
    preHandler: wallet.account,
    schema: {
      tags: ['wallet'],
      summary: 'Keep the passkey just made (the registration response for an open challenge of your account)',
      headers: DpopHeader,
      body: Body,
      response: { 201: Type.Object({ id: Type.String(), createdAt: DateTime }), ...errorResponses(400, 401, 409) },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await registerPasskey(ctx, accountIdOf(request), withExtensions<RegistrationResponseJSON>(request.body.response))),
  });

  r.get('/api/v1/me/passkeys', {
    preHandler: wallet.account,
    schema: {
      tags: ['wallet'],
      summary: 'The passkeys that back your account up',
      headers: DpopHeader,
      response: { 200: Type.Object({ passkeys: Type.Array(Type.Object({ id: Type.String(), createdAt: DateTime, lastUsedAt: Nullable(DateTime) })) }), ...errorResponses(401) },
    },
    handler: async (request) => ({
      passkeys: (await ctx.store.repos.passkeys.ofAccount(accountIdOf(request))).map((p) => ({ id: p.id, createdAt: p.created_at, lastUsedAt: p.last_used_at })),
    }),
  });

  r.post('/api/v1/recovery/options', {
    schema: {
      tags: ['wallet', 'public'],
      summary: 'Options to sign in with a passkey on a new phone (WebAuthn authentication); the challenge lasts 5 minutes and works once',
      body: Type.Optional(Type.Object({}, { additionalProperties: false })),
      response: { 200: Options, ...errorResponses(429) },
    },
    handler: async (request) => {
      await rateLimit(ctx, `recovery:ip:${request.ip}`, 30, 60);
      return recoveryOptions(ctx);
    },
  });

  r.post('/api/v1/recovery', {
    preHandler: wallet.key,
    schema: {
      tags: ['wallet'],
      summary:
        "Recover an account with its passkey: the DPoP proof's key (the new phone's) becomes the account's active key and every valid ticket is rebound to it (seq + 1)",
      headers: DpopHeader,
      body: Body,
      response: { 200: Type.Object({ accountId: Uuid, tickets: Type.Array(Ticket) }), ...errorResponses(400, 401, 409, 429) },
    },
    handler: async (request) => {
      await rateLimit(ctx, `recovery:ip:${request.ip}`, 30, 60);
      const { thumbprint, jwk } = request.holder!;
      const result = await recoverAccount(ctx, { thumbprint, jwk }, withExtensions<AuthenticationResponseJSON>(request.body.response));
      return { accountId: result.accountId, tickets: result.tickets.map(presentTicket) };
    },
  });
}
