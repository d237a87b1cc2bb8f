import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { registerAccount } from '../../domain/accounts/register-account.ts';
import { registerPresentationKey } from '../../domain/accounts/presentation-keys.ts';
import { accountIdOf } from '../auth/dpop.ts';
import { DateTime, DpopHeader, errorResponses, Uuid } from '../schemas.ts';
import { limited } from '../rate-limits.ts';
import { typed, type RouteDeps } from './deps.ts';

const base64url = (description: string, length: number) => Type.String({ pattern: '^[A-Za-z0-9_-]+$', minLength: length, maxLength: length, description });

export function accountRoutes(app: FastifyInstance, { ctx, wallet }: RouteDeps) {
  const r = typed(app);

  r.post('/api/v1/accounts', {
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

  r.put('/api/v1/me/presentation-keys/:organizerId', {
    preHandler: wallet.account,
    schema: {
      tags: ['wallet'],
      summary: "Register this phone's key for one organizer's tickets: their credentials bind it from now on",
      description:
        'The signature is by the new key over "TG-PKEY-v1" || the organizer id (16 bytes) || the raw 32-byte thumbprint of the key signing ' +
        "the DPoP proof. Every live ticket and voucher of the organizer's events the account holds is issued again (seq + 1) for the new key.",
      headers: DpopHeader,
      params: Type.Object({ organizerId: Uuid }),
      body: Type.Object(
        {
          jwk: Type.Object(
            { kty: Type.Literal('EC'), crv: Type.Literal('P-256'), x: base64url('x coordinate', 43), y: base64url('y coordinate', 43) },
            { additionalProperties: false, description: 'the new public key; never the holder key, never one registered for another organizer' },
          ),
          signature: base64url('ECDSA P-256 SHA-256 signature, r || s (64 bytes), base64url', 86),
        },
        { additionalProperties: false },
      ),
      response: {
        200: Type.Object({
          organizerId: Uuid,
          thumbprint: Type.String({ description: "the presentation key's RFC 7638 thumbprint" }),
          tickets: Type.Integer({ description: 'tickets issued again for the new key' }),
          vouchers: Type.Integer({ description: 'vouchers issued again for the new key' }),
        }),
        ...errorResponses(400, 401, 404),
      },
    },
    handler: async (request) =>
      registerPresentationKey(ctx, { accountId: accountIdOf(request), thumbprint: request.holder!.thumbprint }, request.params.organizerId, request.body),
  });

  r.get('/api/v1/me/presentation-keys', {
    preHandler: wallet.account,
    schema: {
      tags: ['wallet'],
      summary: 'The organizers this account registered a presentation key for',
      headers: DpopHeader,
      response: { 200: Type.Object({ keys: Type.Array(Type.Object({ organizerId: Uuid, thumbprint: Type.String(), registeredAt: DateTime })) }), ...errorResponses(401) },
    },
    handler: async (request) => ({
      keys: (await ctx.store.repos.accounts.presentationKeysOf(accountIdOf(request))).map((k) => ({ organizerId: k.organizer_id, thumbprint: k.thumbprint, registeredAt: k.created_at })),
    }),
  });
}
