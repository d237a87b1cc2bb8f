import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { settleSandboxOrder } from '../../domain/orders/settle-order.ts';
import { DomainError } from '../../domain/errors.ts';
import { Uuid } from '../schemas.ts';
import { typed, type RouteDeps } from './deps.ts';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<link rel="stylesheet" href="/sandbox/checkout.css"></head><body>${body}</body></html>`;

// A stylesheet of its own, not inline: the Content-Security-Policy allows styles from our origin only.
const stylesheet = `  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { max-width: 28rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
  .note { padding: .5rem .75rem; border: 2px dashed #b45309; border-radius: .5rem; }
  form { display: flex; gap: .75rem; margin-top: 1.5rem; }
  button { flex: 1; font-size: 1.1rem; padding: .9rem; border-radius: .5rem; border: 0; cursor: pointer; }
  .pay { background: #15803d; color: #fff; } .fail { background: #b91c1c; color: #fff; }
  button:focus-visible { outline: 3px solid #2563eb; outline-offset: 2px; }
`;

/**
 * The sandbox provider's checkout page: what a real provider's hosted payment page would be. A
 * tester clicks "pay" or "fail"; the token in the URL proves they came from the order's checkout.
 */
export function sandboxCheckoutRoutes(app: FastifyInstance, { ctx }: RouteDeps) {
  const r = typed(app);
  const params = Type.Object({ orderId: Uuid });
  const guard = (orderId: string, token: string) => {
    if (!ctx.payments.isValidSandboxToken(orderId, token)) throw new DomainError('not_found', 'checkout not found');
  };

  r.get('/sandbox/checkout.css', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(stylesheet),
  );

  r.get('/sandbox/checkout/:orderId', {
    schema: { hide: true, params, querystring: Type.Object({ token: Type.String({ maxLength: 100 }) }) },
    handler: async (request, reply) => {
      guard(request.params.orderId, request.query.token);
      const order = await ctx.store.repos.orders.find(request.params.orderId);
      if (!order) throw new DomainError('not_found', 'checkout not found');
      const amount = `${order.currency} ${(order.total_cents / 100).toFixed(2)}`;
      const body =
        order.status === 'pending'
          ? `<h1>Sandbox checkout</h1><p class="note">Test payment provider: no money moves.</p>
             <p>Order <code>${escape(order.id)}</code><br>Amount: <strong>${escape(amount)}</strong></p>
             <form method="post"><input type="hidden" name="token" value="${escape(request.query.token)}">
             <button class="pay" name="outcome" value="paid">Pay ${escape(amount)}</button>
             <button class="fail" name="outcome" value="failed">Fail payment</button></form>`
          : `<h1>Order ${escape(order.status)}</h1><p>This order is ${escape(order.status)}. You can close this page.</p>`;
      return reply.type('text/html; charset=utf-8').send(page('Sandbox checkout', body));
    },
  });

  r.post('/sandbox/checkout/:orderId', {
    schema: {
      hide: true,
      params,
      body: Type.Object({ token: Type.String({ maxLength: 100 }), outcome: Type.Union([Type.Literal('paid'), Type.Literal('failed')]) }),
    },
    handler: async (request, reply) => {
      guard(request.params.orderId, request.body.token);
      await settleSandboxOrder(ctx, request.params.orderId, request.body.outcome);
      return reply.redirect(`/sandbox/checkout/${request.params.orderId}?token=${encodeURIComponent(request.body.token)}`, 303);
    },
  });
}
