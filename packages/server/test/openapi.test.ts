import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/dialects.ts';
import { startTestServer, type TestServer } from './support/harness.ts';

describe('OpenAPI document and reference', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialects[0]!);
  });
  afterAll(() => server.stop());

  it('documents every API route from the same schemas that validate them', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const routes: [string, string][] = [
      ['/api/v1/organizers', 'post'], ['/api/v1/sessions', 'post'], ['/api/v1/events', 'post'], ['/api/v1/events/{eventId}', 'get'],
      ['/api/v1/events/{eventId}/ticket-types', 'post'], ['/api/v1/events/{eventId}/publish', 'post'], ['/api/v1/events/{eventId}/insights', 'get'],
      ['/api/v1/accounts', 'post'], ['/api/v1/orders', 'post'], ['/api/v1/orders/{orderId}/sandbox-payment', 'post'], ['/api/v1/me/tickets', 'get'],
      ['/api/v1/events/{eventId}/messages', 'post'], ['/api/v1/events/{eventId}/messages', 'get'], ['/api/v1/me/inbox', 'get'], ['/api/v1/me/inbox/stream', 'get'],
    ];
    for (const [path, method] of routes) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    const orderBody = doc.paths['/api/v1/orders'].post.requestBody.content['application/json'].schema;
    expect(orderBody.properties.items.items.properties.quantity).toMatchObject({ minimum: 1, maximum: 100 });
  });

  it('serves a browsable reference', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/v1/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger-ui');
  });
});
