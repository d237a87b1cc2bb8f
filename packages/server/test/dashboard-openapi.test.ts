import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/dialects.ts';
import { startTestServer, type TestServer } from './support/harness.ts';

describe('OpenAPI document: the organizer dashboard routes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialects[0]!);
  });
  afterAll(() => server.stop());

  it('documents every dashboard route, with the schemas the dashboard is built against', async () => {
    const doc = (await server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const routes: [string, string][] = [
      ['/api/v1/session', 'get'], ['/api/v1/staff', 'get'], ['/api/v1/staff/invites', 'post'], ['/api/v1/staff/invites/{inviteId}', 'delete'],
      ['/api/v1/staff/invites/accept', 'post'], ['/api/v1/staff/{staffId}', 'patch'], ['/api/v1/staff/{staffId}', 'delete'],
      ['/api/v1/events/{eventId}/sales', 'get'], ['/api/v1/events/{eventId}/gate-stats', 'get'],
      ['/api/v1/events/{eventId}/gate-devices/{deviceId}/token', 'post'], ['/api/v1/events/{eventId}/gate-devices/{deviceId}', 'delete'],
      ['/api/v1/events/{eventId}/audience', 'post'], ['/api/v1/profile-questions', 'get'],
      ['/api/v1/webhooks', 'post'], ['/api/v1/webhooks', 'get'], ['/api/v1/webhooks/{webhookId}', 'delete'], ['/api/v1/webhooks/{webhookId}/deliveries', 'get'],
      ['/api/v1/events/{eventId}/orders.csv', 'get'], ['/api/v1/events/{eventId}/check-ins.csv', 'get'], ['/api/v1/voucher-campaigns', 'get'],
      ['/api/v1/payment-settings', 'get'], ['/api/v1/payment-settings', 'put'], ['/api/v1/payment-settings', 'delete'],
      ['/api/v1/events/{eventId}/refunds', 'get'], ['/api/v1/events/{eventId}/orders-needing-attention', 'get'], ['/api/v1/events/{eventId}/orders/{orderId}/refund', 'post'],
      ['/api/v1/events/{eventId}/check-in-lists', 'get'], ['/api/v1/events/{eventId}/check-in-lists', 'post'], ['/api/v1/events/{eventId}/check-in-lists/{listId}', 'patch'],
      ['/api/v1/events/{eventId}/check-in-lists/{listId}', 'delete'], ['/api/v1/events/{eventId}/presence', 'get'], ['/api/v1/events/{eventId}/gate-devices/{deviceId}', 'patch'],
      ['/api/v1/events/{eventId}/waiting-room', 'get'], ['/api/v1/events/{eventId}/waiting-room', 'patch'],
      ['/api/v1/insights/returning', 'get'], ['/api/v1/audience', 'post'], ['/api/v1/messages', 'get'], ['/api/v1/messages', 'post'], ['/api/v1/messages/{messageId}/cancel', 'post'],
    ];
    for (const [path, method] of routes) expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    const created = doc.paths['/api/v1/events/{eventId}/gate-devices'].post.responses['201'].content['application/json'].schema;
    expect(created.required).toEqual(expect.arrayContaining(['id', 'token', 'pairUrl']));
    const messages = doc.paths['/api/v1/events/{eventId}/messages'].get.responses['200'].content['application/json'].schema;
    expect(messages.properties.messages.items.required).toEqual(expect.arrayContaining(['recipients', 'delivered', 'pushSent', 'pushFailed']));
  });
});
