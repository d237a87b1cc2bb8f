import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { grantConsent } from '../../domain/privacy/consents.ts';
import { eventHolders } from '../../domain/privacy/holders.ts';
import { answerQuestion, createQuestion, declineQuestion, dueQuestions, organizerQuestions } from '../../domain/privacy/profile-questions.ts';
import { LangQuery, languageOf } from '../language.ts';
import { accountIdOf } from '../auth/dpop.ts';
import { staffOf } from '../auth/organizer-auth.ts';
import { DateTime, DpopHeader, EventIdParams, Uuid, errorResponses } from '../schemas.ts';
import { typed, type RouteDeps } from './deps.ts';

const Purpose = Type.String({
  minLength: 1, maxLength: 300, pattern: '^[^\\n\\r]+$',
  description: "why, in a sentence the visitor reads (\"to plan next year's line-up\"), or a name such as marketing",
});

const Label = Type.Object({ nl: Type.String({ minLength: 1, maxLength: 200 }), en: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
const AnswerType = Type.Union([Type.Literal('text'), Type.Literal('single'), Type.Literal('multiple')], { description: 'free text, one choice, or several choices' });

const Consent = Type.Object({
  id: Uuid,
  organizerId: Uuid,
  organizerName: Type.String(),
  purpose: Type.String(),
  granted: Type.Boolean(),
  textVersion: Type.String(),
  source: Type.String(),
  at: DateTime,
});

/** The visitor's language: `?lang=`, else the browser's Accept-Language, else English. */

export function privacyRoutes(app: FastifyInstance, { ctx, wallet, organizer }: RouteDeps) {
  const r = typed(app);

  r.get('/api/v1/me/consents', {
    preHandler: wallet.account,
    schema: { tags: ['privacy'], summary: 'Your consent ledger, oldest first; the newest row per organizer and purpose is in force', headers: DpopHeader, response: { 200: Type.Object({ consents: Type.Array(Consent) }), ...errorResponses(401) } },
    handler: async (request) => ({
      consents: (await ctx.store.repos.privacy.consentsOfAccount(accountIdOf(request))).map((c) => ({
        id: c.id, organizerId: c.organizer_id, organizerName: c.organizer_name, purpose: c.purpose, granted: c.granted === 1, textVersion: c.text_version, source: c.source, at: c.created_at,
      })),
    }),
  });

  r.post('/api/v1/me/consents', {
    preHandler: wallet.account,
    schema: {
      tags: ['privacy'],
      summary: 'Grant or withdraw a consent: a new ledger row',
      headers: DpopHeader,
      body: Type.Object({ organizerId: Uuid, purpose: Purpose, granted: Type.Boolean(), textVersion: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })) }, { additionalProperties: false }),
      response: {
        201: Type.Object({
          id: Uuid, granted: Type.Boolean(), at: DateTime,
          answersDeleted: Type.Integer({ description: 'a withdrawal deletes the answers you gave this organizer for this purpose: how many' }),
        }),
        ...errorResponses(400, 401, 404),
      },
    },
    handler: async (request, reply) => {
      const row = await grantConsent(ctx, accountIdOf(request), request.body);
      return reply.status(201).send({ id: row.id, granted: row.granted === 1, at: row.created_at, answersDeleted: row.answersDeleted });
    },
  });

  r.post('/api/v1/profile-questions', {
    preHandler: organizer('questions.write'),
    schema: {
      tags: ['privacy'],
      summary: 'Ask holders of your events one question, with a purpose, at a moment',
      body: Type.Object(
        {
          key: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9_]+$', description: 'a short name for the answers; made from the purpose when left out' })),
          text: Type.Object({ nl: Type.String({ minLength: 1, maxLength: 300 }), en: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false }),
          purpose: Purpose,
          moment: Type.Union([Type.Literal('after_purchase'), Type.Literal('after_checkin'), Type.Literal('after_event')]),
          rewardVoucherCampaignId: Type.Optional(Uuid),
          answerType: Type.Optional(AnswerType),
          options: Type.Optional(Type.Array(
            Type.Object({ value: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9_]+$' })), label: Label }, { additionalProperties: false }),
            { maxItems: 20, description: 'the choices of a single or multiple choice question' },
          )),
        },
        { additionalProperties: false },
      ),
      response: { 201: Type.Object({ id: Uuid, key: Type.String() }), ...errorResponses(400, 401, 403) },
    },
    handler: async (request, reply) => {
      const question = await createQuestion(ctx, staffOf(request).organizerId, request.body);
      return reply.status(201).send({ id: question.id, key: question.key });
    },
  });

  r.get('/api/v1/profile-questions', {
    preHandler: organizer('questions.write'),
    schema: {
      tags: ['privacy'],
      summary: 'Your profile questions, with how many visitors answered and declined each',
      response: {
        200: Type.Object({
          questions: Type.Array(
            Type.Object({
              id: Uuid,
              key: Type.String(),
              text: Type.Object({ nl: Type.String(), en: Type.String() }),
              purpose: Type.String(),
              moment: Type.String(),
              answerType: AnswerType,
              options: Type.Array(Type.Object({ value: Type.String(), label: Label })),
              rewardVoucherCampaignId: Type.Optional(Uuid),
              answers: Type.Integer({ description: 'answers held now (erased and expired ones are gone)' }),
              declines: Type.Integer(),
              createdAt: DateTime,
            }),
          ),
        }),
        ...errorResponses(401, 403),
      },
    },
    handler: async (request) => ({
      questions: (await organizerQuestions(ctx, staffOf(request).organizerId)).map((q) => ({
        id: q.id,
        key: q.key,
        text: { nl: q.text_nl, en: q.text_en },
        purpose: q.purpose,
        moment: q.moment,
        answerType: q.answer_type ?? 'text',
        options: q.options ? JSON.parse(q.options) : [],
        ...(q.reward_campaign_id ? { rewardVoucherCampaignId: q.reward_campaign_id } : {}),
        answers: q.answers,
        declines: q.declines,
        createdAt: q.created_at,
      })),
    }),
  });

  r.get('/api/v1/me/questions', {
    preHandler: wallet.account,
    schema: {
      tags: ['privacy'],
      summary: 'Questions due now, in your language, to ask one at a time',
      headers: DpopHeader,
      querystring: Type.Object({ lang: LangQuery }),
      response: {
        200: Type.Object({
          questions: Type.Array(
            Type.Object({
              id: Uuid, organizerId: Uuid, organizerName: Type.String({ description: 'who asks: the organizer the answer goes to' }), key: Type.String(), text: Type.String(), purpose: Type.String(), moment: Type.String(),
              answerType: AnswerType,
              options: Type.Optional(Type.Array(Type.Object({ value: Type.String(), label: Type.String({ description: "in the visitor's language" }) }))),
              reward: Type.Optional(Type.Object({ voucherCampaignId: Uuid })),
            }),
          ),
        }),
        ...errorResponses(401),
      },
    },
    handler: async (request) => ({ questions: await dueQuestions(ctx, accountIdOf(request), languageOf(request.query.lang, request)) }),
  });

  r.post('/api/v1/me/answers', {
    preHandler: wallet.account,
    schema: {
      tags: ['privacy'],
      summary: "Answer a question; this records your consent for the question's purpose; answering again replaces the answer",
      headers: DpopHeader,
      body: Type.Object(
        {
          questionId: Uuid,
          answer: Type.Union([Type.String({ minLength: 1, maxLength: 500 }), Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 20 })], {
            description: 'a text, the chosen option value, or for multiple choice the chosen values',
          }),
        },
        { additionalProperties: false },
      ),
      response: { 201: Type.Object({ questionId: Uuid }), ...errorResponses(400, 401, 403, 404) },
    },
    handler: async (request, reply) => {
      await answerQuestion(ctx, accountIdOf(request), request.body.questionId, request.body.answer);
      return reply.status(201).send({ questionId: request.body.questionId });
    },
  });

  r.post('/api/v1/me/questions/:questionId/decline', {
    preHandler: wallet.account,
    schema: {
      tags: ['privacy'],
      summary: '"No thanks": the question is not asked again',
      headers: DpopHeader,
      params: Type.Object({ questionId: Uuid }),
      response: { 204: Type.Null(), ...errorResponses(401, 404) },
    },
    handler: async (request, reply) => {
      await declineQuestion(ctx, accountIdOf(request), request.params.questionId);
      return reply.status(204).send(null);
    },
  });

  r.get('/api/v1/events/:eventId/holders', {
    preHandler: organizer('holders.read'),
    schema: {
      tags: ['privacy'],
      summary: 'The holders of an event under pairwise pseudonyms, with consented profile answers only (audit-logged)',
      description: "A choice answer reads as its options' labels in ?lang= (else Accept-Language, else English): \"Pop, Dance\".",
      params: EventIdParams,
      querystring: Type.Object({ lang: LangQuery }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          holders: Type.Array(Type.Object({ holderRef: Type.String(), tickets: Type.Integer(), ticketHandles: Type.Array(Uuid, { description: 'a handle per ticket this holder holds now (not revoked), to revoke it by; new with every new holder' }), checkedIn: Type.Integer(), profile: Type.Record(Type.String(), Type.String()) })),
        }),
        ...errorResponses(401, 403, 404),
      },
    },
    handler: async (request) => ({ holders: await eventHolders(ctx, staffOf(request), request.params.eventId, languageOf(request.query.lang, request)) }),
  });

  r.get('/api/v1/audit-log', {
    preHandler: organizer('audit.read'),
    schema: {
      tags: ['privacy'],
      summary: "Every read of personal data by your organizer's staff, newest first",
      response: {
        200: Type.Object({ entries: Type.Array(Type.Object({ id: Uuid, action: Type.String(), subject: Type.String(), detail: Type.String(), by: Type.Union([Type.String(), Type.Null()]), at: DateTime })) }),
        ...errorResponses(401, 403),
      },
    },
    handler: async (request) => ({
      entries: (await ctx.store.repos.privacy.auditLog(staffOf(request).organizerId, 1000)).map((e) => ({
        id: e.id, action: e.action, subject: e.subject, detail: e.detail, by: e.email, at: e.created_at,
      })),
    }),
  });
}
