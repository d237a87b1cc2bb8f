import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { createCampaign } from '../../domain/vouchers/vouchers.ts';
import { ownedEvent } from '../../domain/events/owned-event.ts';
import { accountIdOf } from '../auth/dpop.ts';
import { staffOf } from '../auth/organizer-auth.ts';
import type { VoucherCampaignsTable } from '../../storage/schema.ts';
import { DateTime, DpopHeader, EventIdParams, Nullable, Uuid, errorResponses } from '../schemas.ts';
import { typed, type RouteDeps } from './deps.ts';

const Campaign = Type.Object({
  id: Uuid,
  eventId: Uuid,
  name: Type.String(),
  description: Type.String(),
  perHolder: Type.Integer({ description: 'redemptions allowed per holder' }),
  validUntil: Nullable(DateTime),
  issueOnCheckIn: Type.Boolean(),
  issued: Type.Integer(),
  redeemed: Type.Integer(),
});

type CampaignRow = VoucherCampaignsTable & { issued?: string | number | null; redeemed?: string | number | null };

const presentCampaign = (c: CampaignRow) => ({
  id: c.id, eventId: c.event_id, name: c.name, description: c.description, perHolder: c.per_holder, validUntil: c.valid_until,
  issueOnCheckIn: c.issue_on_checkin === 1, issued: Number(c.issued ?? 0), redeemed: Number(c.redeemed ?? 0),
});

export function voucherRoutes(app: FastifyInstance, { ctx, wallet, organizer }: RouteDeps) {
  const r = typed(app);

  r.post('/api/v1/events/:eventId/voucher-campaigns', {
    preHandler: organizer('messages.send'),
    schema: {
      tags: ['vouchers'],
      summary: 'A voucher campaign (a free drink...), issued on check-in, with a message, or as a question\'s reward',
      params: EventIdParams,
      body: Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 100 }),
          description: Type.Optional(Type.String({ maxLength: 500 })),
          perHolder: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          validUntil: Type.Optional(DateTime),
          issueOnCheckIn: Type.Optional(Type.Boolean({ description: 'every holder gets one when they get in' })),
        },
        { additionalProperties: false },
      ),
      response: { 201: Campaign, ...errorResponses(400, 401, 403, 404) },
    },
    handler: async (request, reply) => {
      return reply.status(201).send(presentCampaign(await createCampaign(ctx, staffOf(request).organizerId, request.params.eventId, request.body)));
    },
  });

  r.get('/api/v1/events/:eventId/voucher-campaigns', {
    preHandler: organizer('insights.read'),
    schema: {
      tags: ['vouchers'],
      summary: "An event's voucher campaigns with issued and redeemed counts",
      params: EventIdParams,
      response: { 200: Type.Object({ campaigns: Type.Array(Campaign) }), ...errorResponses(401, 403, 404) },
    },
    handler: async (request) => {
      await ownedEvent(ctx.store.repos, request.params.eventId, staffOf(request).organizerId);
      return { campaigns: (await ctx.store.repos.vouchers.campaignsOf({ eventId: request.params.eventId })).map(presentCampaign) };
    },
  });

  r.get('/api/v1/voucher-campaigns', {
    preHandler: organizer('insights.read'),
    schema: {
      tags: ['vouchers'],
      summary: "The voucher campaigns of all your events, oldest first: for a question's reward",
      response: { 200: Type.Object({ campaigns: Type.Array(Campaign) }), ...errorResponses(401, 403) },
    },
    handler: async (request) => ({ campaigns: (await ctx.store.repos.vouchers.campaignsOf({ organizerId: staffOf(request).organizerId })).map(presentCampaign) }),
  });

  r.get('/api/v1/me/vouchers', {
    preHandler: wallet.account,
    schema: {
      tags: ['wallet'],
      summary: 'Your vouchers, each with its own credential for a rotating QR',
      headers: DpopHeader,
      response: {
        200: Type.Object({
          vouchers: Type.Array(
            Type.Object({
              id: Uuid, eventId: Uuid, campaignId: Uuid, name: Type.String(), description: Type.String(),
              state: Type.String(), usesLeft: Type.Integer(), validUntil: Nullable(DateTime), seq: Type.Integer(),
              credential: Type.String({ description: 'base64url of the 126-byte credential, type 0x02' }),
            }),
          ),
        }),
        ...errorResponses(401),
      },
    },
    handler: async (request) => ({
      vouchers: (await ctx.store.repos.vouchers.ofAccount(accountIdOf(request))).map((v) => ({
        id: v.id, eventId: v.event_id, campaignId: v.campaign_id, name: v.name, description: v.description, state: v.state,
        usesLeft: Math.max(0, v.per_holder - v.uses), validUntil: v.valid_until, seq: v.seq, credential: v.credential,
      })),
    }),
  });
}
