import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ordersNeedingAttention, eventRefunds, refundOrderNeedingAttention } from '../../domain/payments/event-payments.ts';
import { removePaymentSettings, paymentSettings, savePaymentSettings } from '../../domain/payments/payment-settings.ts';
import { stripeWebhookPath } from '../../domain/payments/payments.ts';
import { providerNames } from '../../domain/payments/provider.ts';
import { handleMollieWebhook, handleStripeWebhook, molliePaymentId } from '../../domain/payments/provider-webhooks.ts';
import { DomainError } from '../../domain/errors.ts';
import { staffOf } from '../auth/organizer-auth.ts';
import { presentAttention, presentRefund, Refund, OrderNeedingAttention } from '../presenters/payments.ts';
import { DateTime, EventIdParams, Nullable, Uuid, errorResponses } from '../schemas.ts';
import { typed, type RouteDeps } from './deps.ts';

const Provider = Type.Union(providerNames.map((p) => Type.Literal(p)));

const Settings = Type.Object({
  provider: Provider,
  keyHint: Nullable(Type.String({ description: 'the last 4 characters of the API key in use; the key itself never leaves the server' })),
  keySource: Type.Union([Type.Literal('organizer'), Type.Literal('instance'), Type.Literal('none')], {
    description: "organizer: your own keys; instance: the platform's keys for this provider; none: the sandbox needs none",
  }),
  instanceDefault: Provider,
  updatedAt: Nullable(DateTime),
  stripeWebhookUrl: Type.String({ description: 'the endpoint to give Stripe for its webhooks (PUBLIC_URL + /api/v1/payments/stripe/webhook)' }),
});

/** Payment settings (owners), the organizer's refunds and orders kept aside, and the providers' webhooks. */
export function paymentRoutes(app: FastifyInstance, { ctx, organizer }: RouteDeps) {
  const r = typed(app);

  r.get('/api/v1/payment-settings', {
    preHandler: organizer('payments.manage'),
    schema: { tags: ['payments'], summary: 'Which payment provider your orders go to, and a hint of the key', response: { 200: Settings, ...errorResponses(401, 403) } },
    handler: async (request) => paymentSettings(ctx, staffOf(request).organizerId),
  });

  r.put('/api/v1/payment-settings', {
    preHandler: organizer('payments.manage'),
    schema: {
      tags: ['payments'],
      summary: 'Choose your payment provider, with keys of your own (checked with the provider first, stored encrypted)',
      description:
        "Without keys, the platform's own keys for that provider are used, where it has them. The sandbox is offered only on an " +
        'instance whose default is the sandbox. A wrong key is 400 invalid_payment_credentials; a provider that cannot be asked, 503.',
      body: Type.Object(
        {
          provider: Provider,
          mollie: Type.Optional(Type.Object({ apiKey: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false })),
          stripe: Type.Optional(
            Type.Object(
              { secretKey: Type.String({ minLength: 1, maxLength: 300 }), webhookSecret: Type.String({ minLength: 1, maxLength: 300 }) },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
      response: { 200: Settings, ...errorResponses(400, 401, 403, 409, 503) },
    },
    handler: async (request) => savePaymentSettings(ctx, staffOf(request).organizerId, request.body),
  });

  r.delete('/api/v1/payment-settings', {
    preHandler: organizer('payments.manage'),
    schema: { tags: ['payments'], summary: "Back to the platform's provider; your own keys are deleted", response: { 200: Settings, ...errorResponses(401, 403) } },
    handler: async (request) => removePaymentSettings(ctx, staffOf(request).organizerId),
  });

  r.get('/api/v1/events/:eventId/refunds', {
    preHandler: organizer('refunds.read'),
    schema: {
      tags: ['payments'],
      summary: "The event's refunds, newest first: pending while the provider has not paid out, then refunded or failed with its error",
      params: EventIdParams,
      response: { 200: Type.Object({ refunds: Type.Array(Refund) }), ...errorResponses(400, 401, 403, 404) },
    },
    handler: async (request) => ({ refunds: (await eventRefunds(ctx, staffOf(request).organizerId, request.params.eventId)).map(presentRefund) }),
  });

  r.get('/api/v1/events/:eventId/orders-needing-attention', {
    preHandler: organizer('refunds.read'),
    schema: {
      tags: ['payments'],
      summary: 'Orders paid at the provider with another amount or currency than the order: kept aside, no tickets issued',
      params: EventIdParams,
      response: { 200: Type.Object({ orders: Type.Array(OrderNeedingAttention) }), ...errorResponses(400, 401, 403, 404) },
    },
    handler: async (request) => ({ orders: (await ordersNeedingAttention(ctx, staffOf(request).organizerId, request.params.eventId)).map(presentAttention) }),
  });

  r.post('/api/v1/events/:eventId/orders/:orderId/refund', {
    preHandler: organizer('refunds.manage'),
    schema: {
      tags: ['payments'],
      summary: 'Pay back an order that needs attention: exactly what the provider reported paid, through the provider',
      params: Type.Object({ eventId: Uuid, orderId: Uuid }),
      response: { 200: Type.Object({ refund: Refund }), ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request) => {
      const { eventId, orderId } = request.params;
      const { refund } = await refundOrderNeedingAttention(ctx, staffOf(request).organizerId, eventId, orderId);
      return { refund: presentRefund(refund) };
    },
  });

  r.post('/api/v1/payments/mollie/webhook', {
    schema: {
      tags: ['payments'],
      summary: "Mollie's webhook: a payment changed. Mollie is asked what happened; the request itself is never believed",
      consumes: ['application/x-www-form-urlencoded'],
      body: Type.Object({ id: Type.String({ maxLength: 100 }) }),
      response: { 200: Type.Object({}), ...errorResponses(400) },
    },
    handler: async (request) => {
      if (!molliePaymentId.test(request.body.id)) throw new DomainError('invalid_request', 'body.id must be a Mollie payment id (tr_...)');
      await handleMollieWebhook(ctx, request.body.id);
      return {};
    },
  });

  // Stripe signs the exact bytes it sent: this route alone takes its JSON body raw.
  void app.register(async (raw) => {
    raw.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 512 * 1024 }, (_request, body, done) => done(null, body));
    typed(raw).post(stripeWebhookPath, {
      schema: {
        tags: ['payments'],
        summary: "Stripe's webhook: a Stripe event, verified with Stripe-Signature on the raw body; Stripe is then asked how the payment stands",
        headers: Type.Object({ 'stripe-signature': Type.Optional(Type.String({ maxLength: 2000 })) }),
        response: { 200: Type.Object({ received: Type.Boolean(), type: Type.String() }), ...errorResponses(400) },
      },
      handler: async (request) => {
        const body = request.body;
        if (!Buffer.isBuffer(body)) throw new DomainError('invalid_request', 'send the Stripe event as application/json');
        const result = await handleStripeWebhook(ctx, body, request.headers['stripe-signature']);
        return { received: true, type: result.type };
      },
    });
  });
}
