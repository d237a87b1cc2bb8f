import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxPayments } from '../src/config.ts';
import { exportOrganizer } from '../src/domain/organizers/export-organizer.ts';
import { dialects } from './support/dialects.ts';
import { bearer, publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { startMollieStandIn, type MollieStandIn } from './support/mollie-stand-in.ts';
import { deliverMollieWebhooks, pendingOrder, postStripeEvent, testTimeoutMs } from './support/payments.ts';
import { startStripeStandIn, type StripeStandIn } from './support/stripe-stand-in.ts';
import { publicUrl, TestWallet } from './support/wallet.ts';

const organizerMollieKey = 'test_organizerorganizerorganizer';
const organizerStripe = { secretKey: 'sk_test_organizerorganizer', webhookSecret: 'whsec_organizerssigningsecret' };

describe.each(dialects)('payment settings on $name (a sandbox instance)', (dialect) => {
  let server: TestServer;
  let mollie: MollieStandIn;
  let stripe: StripeStandIn;
  let owner: Awaited<ReturnType<typeof signUp>>;
  const settings = (method: 'GET' | 'PUT' | 'DELETE', payload?: object, as = owner.token) =>
    server.app.inject({ method, url: '/api/v1/payment-settings', headers: bearer(as), ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    mollie = await startMollieStandIn({ apiKeys: [organizerMollieKey] });
    stripe = await startStripeStandIn({ secretKeys: [organizerStripe.secretKey], webhookSecret: organizerStripe.webhookSecret });
    server = await startTestServer(dialect, { payments: { ...sandboxPayments, mollieApiUrl: mollie.apiUrl, stripeApiUrl: stripe.url, timeoutMs: testTimeoutMs } });
    owner = await signUp(server.app);
  });
  afterAll(async () => {
    await server.stop();
    await mollie.close();
    await stripe.close();
  });

  it('starts on the sandbox, with no key', async () => {
    expect((await settings('GET')).json()).toEqual({
      provider: 'sandbox', keyHint: null, keySource: 'none', instanceDefault: 'sandbox', updatedAt: null, stripeWebhookUrl: `${publicUrl}/api/v1/payments/stripe/webhook`,
    });
  });

  it('refuses a key of the wrong shape, a key Mollie does not accept, and a missing key, saving nothing', async () => {
    const shape = await settings('PUT', { provider: 'mollie', mollie: { apiKey: 'sk_test_not_a_mollie_key' } });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('mollie.apiKey') });
    const wrong = await settings('PUT', { provider: 'mollie', mollie: { apiKey: 'test_wrongwrongwrongwrongwrong' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ code: 'invalid_payment_credentials', message: expect.stringContaining('401') });
    const none = await settings('PUT', { provider: 'mollie' });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.message).toContain('mollie.apiKey is required');
    expect((await settings('GET')).json().provider).toBe('sandbox');
  });

  it('a provider that cannot be asked is 503, saving nothing', async () => {
    mollie.trouble.down = 1;
    const res = await settings('PUT', { provider: 'mollie', mollie: { apiKey: organizerMollieKey } });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('payment_provider_unavailable');
    expect((await settings('GET')).json().provider).toBe('sandbox');
  });

  it('keeps a right key sealed, shows only its last 4 characters, and never lets it out again', async () => {
    const saved = await settings('PUT', { provider: 'mollie', mollie: { apiKey: organizerMollieKey } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ provider: 'mollie', keyHint: 'izer', keySource: 'organizer' });
    expect(mollie.seen.at(-1)).toMatchObject({ method: 'GET', path: '/v2/methods', headers: expect.objectContaining({ authorization: `Bearer ${organizerMollieKey}` }) });
    const read = await settings('GET');
    expect(read.body).not.toContain(organizerMollieKey);
    const row = await server.ctx.store.repos.payments.settingsOf(owner.organizerId);
    expect(JSON.stringify(row)).not.toContain(organizerMollieKey);
    expect(JSON.stringify(await exportOrganizer(server.ctx, owner.organizerId))).not.toContain(organizerMollieKey);
  });

  it("sends the organizer's orders to Mollie with its own key, and acts on its webhooks", async () => {
    const placed = await pendingOrder(server.app, owner.token, server.clock, { quantity: 1 });
    expect(placed.payment.provider).toBe('mollie');
    const payment = mollie.paymentOf(placed.order.id)!;
    const create = mollie.seen.find((r) => r.method === 'POST' && r.path === '/v2/payments' && r.body.includes(placed.order.id))!;
    expect(create.headers.authorization).toBe(`Bearer ${organizerMollieKey}`);
    await mollie.setStatus(payment.id, 'paid');
    await deliverMollieWebhooks(server.app, mollie);
    expect((await server.ctx.store.repos.orders.find(placed.order.id))?.status).toBe('paid');
    // Another organizer on the same instance still sells through the sandbox.
    const other = await signUp(server.app, 'Other');
    expect((await pendingOrder(server.app, other.token, server.clock, { quantity: 1 })).payment.provider).toBe('sandbox');
  });

  it('Stripe with own keys: its webhooks verify with the organizer\'s signing secret only', async () => {
    const saved = await settings('PUT', { provider: 'stripe', stripe: organizerStripe });
    expect(saved.json()).toMatchObject({ provider: 'stripe', keyHint: 'izer', keySource: 'organizer' });
    const placed = await pendingOrder(server.app, owner.token, server.clock, { quantity: 1 });
    const session = stripe.sessionOf(placed.order.id)!;
    const completed = stripe.complete(session.id);
    const elsewhere = stripe.event('checkout.session.completed', session, 'whsec_anotheraccountssecret');
    expect((await postStripeEvent(server.app, elsewhere)).statusCode).toBe(400);
    expect((await postStripeEvent(server.app, completed)).statusCode).toBe(200);
    expect((await server.ctx.store.repos.orders.find(placed.order.id))?.status).toBe('paid');
  });

  it('only owners see or change it; the sandbox and the default take the keys away', async () => {
    const invite = await server.app.inject({ method: 'POST', url: '/api/v1/staff/invites', headers: bearer(owner.token), payload: { role: 'manager' } });
    const accepted = await server.app.inject({
      method: 'POST', url: '/api/v1/staff/invites/accept',
      payload: { token: invite.json().token, name: 'Manager', email: `manager-${Date.now()}@example.org`, password: 'correct horse battery' },
    });
    const manager = accepted.json().token as string;
    expect((await settings('GET', undefined, manager)).statusCode).toBe(403);
    expect((await settings('PUT', { provider: 'sandbox' }, manager)).statusCode).toBe(403);
    expect((await settings('PUT', { provider: 'sandbox' })).json()).toMatchObject({ provider: 'sandbox', keySource: 'none', keyHint: null });
    expect(await server.ctx.store.repos.payments.settingsOf(owner.organizerId)).toBeUndefined();
    await settings('PUT', { provider: 'mollie', mollie: { apiKey: organizerMollieKey } });
    expect((await settings('DELETE')).json()).toMatchObject({ provider: 'sandbox', keyHint: null });
  });
});

describe.each(dialects)('payment settings on $name (a Mollie instance)', (dialect) => {
  let server: TestServer;
  let mollie: MollieStandIn;
  beforeAll(async () => {
    mollie = await startMollieStandIn({ apiKeys: ['test_instanceinstanceinstance'] });
    server = await startTestServer(dialect, {
      payments: { ...sandboxPayments, provider: 'mollie', mollie: { apiKey: 'test_instanceinstanceinstance' }, mollieApiUrl: mollie.apiUrl, timeoutMs: testTimeoutMs },
    });
  });
  afterAll(async () => {
    await server.stop();
    await mollie.close();
  });

  it("lends the instance's key (hinted, never shown) and offers no sandbox, which would give tickets away", async () => {
    const { token } = await signUp(server.app);
    const read = await server.app.inject({ method: 'GET', url: '/api/v1/payment-settings', headers: bearer(token) });
    expect(read.json()).toMatchObject({ provider: 'mollie', keySource: 'instance', keyHint: 'ance', instanceDefault: 'mollie' });
    const sandbox = await server.app.inject({ method: 'PUT', url: '/api/v1/payment-settings', headers: bearer(token), payload: { provider: 'sandbox' } });
    expect(sandbox.statusCode).toBe(409);
    const noStripe = await server.app.inject({ method: 'PUT', url: '/api/v1/payment-settings', headers: bearer(token), payload: { provider: 'stripe' } });
    expect(noStripe.statusCode).toBe(400);
    expect(noStripe.json().error.message).toContain('stripe.secretKey');
  });

  it('an organizer left on a provider the instance no longer has keys for gets 503 at checkout, nothing held', async () => {
    const { token, organizerId } = await signUp(server.app);
    // As if the operator removed STRIPE_* after this organizer chose Stripe with the instance's keys.
    await server.ctx.store.repos.payments.saveSettings({ organizer_id: organizerId, provider: 'stripe', credentials_sealed: null, key_hint: null, updated_at: server.clock().toISOString() });
    const { eventId, ticketTypeId } = await publishedEvent(server.app, token, { capacity: 1 });
    const wallet = await TestWallet.withAccount(server.app, server.clock);
    const res = await wallet.request('POST', '/api/v1/orders', { eventId, items: [{ ticketTypeId, quantity: 1 }] });
    expect(res.statusCode).toBe(503);
    expect(res.json().error).toMatchObject({ code: 'payment_provider_unavailable', message: expect.stringContaining('no stripe keys') });
    expect((await server.app.inject({ method: 'GET', url: `/api/v1/events/${eventId}` })).json().ticketTypes[0].available).toBe(1);
  });
});
