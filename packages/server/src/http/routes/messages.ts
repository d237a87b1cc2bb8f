import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { sendMessage } from '../../domain/messaging/send-message.ts';
import { cancelMessage, eventMessages, segmentMessages } from '../../domain/messaging/manage-messages.ts';
import { audiencePreview } from '../../domain/messaging/audience-preview.ts';
import { staffOf } from '../auth/organizer-auth.ts';
import { Audience, MessageCreated, OrganizerMessage, Segment, Translations, presentMessage } from '../presenters/messages.ts';
import { segmentAudience, sendSegmentMessage } from '../../domain/messaging/segment-messages.ts';
import { DateTime, EventIdParams, Nullable, Uuid, errorResponses } from '../schemas.ts';
import { typed, type RouteDeps } from './deps.ts';

// One object rather than a union per type, so that a mistake gets an answer about the field at fault.
const Trigger = Type.Object(
  {
    type: Type.Unsafe<'before_start' | 'checkin'>({ type: 'string', enum: ['before_start', 'checkin'] }),
    minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 10080, description: 'before_start only: minutes before the event start (at most a week)' })),
  },
  {
    additionalProperties: false,
    description: 'before_start: sent `minutes` before the start, following the start if it moves; checkin: to each holder as they get in',
  },
);

const NewMessage = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 120 }),
    body: Type.String({ minLength: 1, maxLength: 2000 }),
    translations: Type.Optional(Translations),
    audience: Type.Optional(Audience),
    sendAt: Type.Optional({ ...DateTime, description: 'send at this future time instead of now; not with trigger' }),
    trigger: Type.Optional(Trigger),
    voucherCampaignId: Type.Optional({ ...Uuid, description: 'every recipient also gets a voucher of this campaign (of this event)' }),
    marketing: Type.Optional(Type.Boolean({ description: 'marketing rather than about the visit: reaches only holders with a marketing consent in force for your organizer' })),
  },
  { additionalProperties: false },
);

export function messageRoutes(app: FastifyInstance, { ctx, organizer }: RouteDeps) {
  const r = typed(app);

  r.post('/api/v1/messages', {
    preHandler: organizer('messages.send'),
    schema: {
      tags: ['messages'],
      summary: 'Message the visitors of earlier events (a segment across your events): marketing, so only those with a marketing consent for you',
      body: Type.Object(
        {
          title: NewMessage.properties.title,
          body: NewMessage.properties.body,
          translations: Type.Optional(Translations),
          audience: Segment,
          sendAt: NewMessage.properties.sendAt,
          voucherCampaignId: Type.Optional({ ...Uuid, description: 'every recipient also gets a voucher of this campaign (one of yours)' }),
        },
        { additionalProperties: false },
      ),
      response: { 201: MessageCreated, ...errorResponses(400, 401, 403, 404) },
    },
    handler: async (request, reply) => reply.status(201).send(await sendSegmentMessage(ctx, staffOf(request).organizerId, request.body)),
  });

  r.get('/api/v1/messages', {
    preHandler: organizer('messages.send'),
    schema: {
      tags: ['messages'],
      summary: 'Your messages to segments across your events, newest first, with how many they reached (numbers only)',
      response: { 200: Type.Object({ messages: Type.Array(OrganizerMessage) }), ...errorResponses(401, 403) },
    },
    handler: async (request) => ({ messages: (await segmentMessages(ctx, staffOf(request).organizerId)).map(presentMessage) }),
  });

  r.post('/api/v1/messages/:messageId/cancel', {
    preHandler: organizer('messages.send'),
    schema: {
      tags: ['messages'],
      summary: 'Cancel a scheduled message (to a segment, or of one of your events) before it goes out',
      params: Type.Object({ messageId: Uuid }),
      response: { 200: OrganizerMessage, ...errorResponses(401, 403, 404, 409) },
    },
    handler: async (request) => presentMessage(await cancelMessage(ctx, staffOf(request).organizerId, null, request.params.messageId)),
  });

  r.post('/api/v1/audience', {
    preHandler: organizer('messages.send'),
    schema: {
      tags: ['messages'],
      summary: 'How many a message to this segment would reach now: those with a marketing consent for you; null for fewer than 10',
      body: Segment,
      response: { 200: Type.Object({ recipients: Nullable(Type.Integer(), { description: 'null: fewer than 10, so that no segment narrows down to a person' }) }), ...errorResponses(400, 401, 403, 404) },
    },
    handler: async (request) => segmentAudience(ctx, staffOf(request), request.body),
  });

  r.post('/api/v1/events/:eventId/messages', {
    preHandler: organizer('messages.send'),
    schema: {
      tags: ['messages'],
      summary: "Message the event's ticket holders (or an audience among them): now, at a time, before the start, or on check-in",
      params: EventIdParams,
      body: NewMessage,
      response: { 201: MessageCreated, ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await sendMessage(ctx, staffOf(request).organizerId, request.params.eventId, request.body)),
  });

  r.post('/api/v1/events/:eventId/audience', {
    preHandler: organizer('messages.send'),
    schema: {
      tags: ['messages'],
      summary: 'How many holders a message to this audience would reach now (the same rules as sending)',
      params: EventIdParams,
      body: Type.Object(
        {
          audience: Type.Optional(Audience),
          purpose: Type.Optional(Type.Union([Type.Literal('operational'), Type.Literal('marketing')], { description: 'marketing: only holders with a marketing consent in force' })),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ recipients: Type.Integer() }), ...errorResponses(400, 401, 403, 404) },
    },
    handler: async (request) => audiencePreview(ctx, staffOf(request).organizerId, request.params.eventId, request.body),
  });

  r.get('/api/v1/events/:eventId/messages', {
    preHandler: organizer('messages.send'),
    schema: {
      tags: ['messages'],
      summary: "The event's messages, newest first, with their status and how many inboxes they reached",
      params: EventIdParams,
      response: { 200: Type.Object({ messages: Type.Array(OrganizerMessage) }), ...errorResponses(401, 403, 404) },
    },
    handler: async (request) => ({
      messages: (await eventMessages(ctx, staffOf(request).organizerId, request.params.eventId)).map(presentMessage),
    }),
  });

  r.post('/api/v1/events/:eventId/messages/:messageId/cancel', {
    preHandler: organizer('messages.send'),
    schema: {
      tags: ['messages'],
      summary: 'Cancel a scheduled message before it goes out (or stop a check-in message)',
      params: Type.Object({ eventId: Uuid, messageId: Uuid }),
      response: { 200: OrganizerMessage, ...errorResponses(401, 403, 404, 409) },
    },
    handler: async (request) =>
      presentMessage(await cancelMessage(ctx, staffOf(request).organizerId, request.params.eventId, request.params.messageId)),
  });
}
