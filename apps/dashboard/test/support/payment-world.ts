import type { FastifyInstance } from 'fastify';
import type { Locator } from 'playwright-core';
import { sandboxPayments } from '../../../../packages/server/src/config.ts';
import { startWebServer } from '../../../../packages/server/test/support/browser.ts';
import type { TestDialect } from '../../../../packages/server/test/support/dialects.ts';
import { bearer } from '../../../../packages/server/test/support/harness.ts';
import { startMollieStandIn } from '../../../../packages/server/test/support/mollie-stand-in.ts';
import { startStripeStandIn } from '../../../../packages/server/test/support/stripe-stand-in.ts';
import { deliverMollieWebhooks } from '../../../../packages/server/test/support/payments.ts';
import type { HttpWallet } from './http-wallet.ts';

/** Keys the stand-ins accept from an organizer; any other key is refused with 401, as the real providers do. */
export const organizerMollieKey = 'test_organizerorganizerorganizer';
export const organizerStripeKey = 'sk_test_organizerorganizer';

/**
 * A listening server whose instance default stays the sandbox, with Mollie and Stripe stand-ins
 * behind it: an owner can still choose either with keys of its own.
 */
export async function startPaymentWorld(dialect: TestDialect) {
  const mollie = await startMollieStandIn({ apiKeys: [organizerMollieKey] });
  const stripe = await startStripeStandIn({ secretKeys: [organizerStripeKey] });
  const server = await startWebServer(dialect, { payments: { ...sandboxPayments, mollieApiUrl: mollie.apiUrl, stripeApiUrl: stripe.url, timeoutMs: 2000 } });
  return {
    server,
    mollie,
    stripe,
    /** A buyer's order of `quantity` tickets, paid at Mollie (with another amount if given) and reported by Mollie's webhook. */
    async payAtMollie(wallet: HttpWallet, event: { eventId: string; ticketTypeId: string }, quantity: number, amount?: { currency: string; value: string }) {
      const placed = await wallet.call('POST', '/api/v1/orders', { eventId: event.eventId, items: [{ ticketTypeId: event.ticketTypeId, quantity }] });
      const payment = mollie.paymentOf(placed.order.id)!;
      await mollie.setStatus(payment.id, 'paid', amount ? { amount } : {});
      await deliverMollieWebhooks(server.app, mollie);
      return { orderId: placed.order.id as string, payment };
    },
    async stop() {
      await server.stop();
      await mollie.close();
      await stripe.close();
    },
  };
}

/** A staff member of the owner's organizer with this role, through the invite flow; returns their token. */
export async function invitedStaff(app: FastifyInstance, ownerToken: string, role: 'manager' | 'gate') {
  const invite = await app.inject({ method: 'POST', url: '/api/v1/staff/invites', headers: bearer(ownerToken), payload: { role } });
  const accepted = await app.inject({
    method: 'POST',
    url: '/api/v1/staff/invites/accept',
    payload: { token: invite.json().token, name: `Mira the ${role}`, email: `${role}-${Date.now()}@example.org`, password: 'correct horse battery' },
  });
  if (accepted.statusCode !== 201) throw new Error(`accept failed: ${accepted.statusCode} ${accepted.body}`);
  return accepted.json().token as string;
}

/** What a screen reader reads with a control besides its name: the texts its aria-describedby points at. */
export const descriptionOf = (control: Locator) =>
  control.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ')
      .trim(),
  );
