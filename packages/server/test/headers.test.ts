import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/dialects.ts';
import { publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { TestWallet } from './support/wallet.ts';

const strictPolicy =
  "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data: blob:;font-src 'self';connect-src 'self';worker-src 'self';" +
  "manifest-src 'self';media-src 'self' blob:;object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'none'";

/** Directives of a policy by name, so that a test can read one without caring about the order. */
const directives = (policy: string) =>
  new Map(policy.split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)] as const));

/** Inline code a strict policy would block: <script> without src, <style>, style= and on...= attributes. */
const inlineCode = (html: string) => [
  ...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=/gi),
].map((m) => m[0]);

describe.each(dialects)('security headers on $name', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(dialect);
  });
  afterAll(() => server.stop());
  const get = (url: string) => server.app.inject({ method: 'GET', url });

  it('every answer, an error too, carries the strict policy, the camera-only permissions and helmet headers', async () => {
    for (const url of ['/api/v1/health', '/api/v1/nowhere', '/wallet/', '/']) {
      const res = await get(url);
      expect(res.headers['content-security-policy'], url).toBe(strictPolicy);
      expect(res.headers['permissions-policy'], url).toMatch(/^camera=\(self\), microphone=\(\)/);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['strict-transport-security'], url).toMatch(/max-age=\d+/);
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
      expect(res.headers['x-powered-by'], url).toBeUndefined();
    }
  });

  it('the start page and the sandbox checkout work under it: no inline code, their stylesheets from our origin', async () => {
    const home = await get('/');
    expect(inlineCode(home.body)).toEqual([]);
    const { token } = await signUp(server.app);
    const event = await publishedEvent(server.app, token);
    const wallet = await TestWallet.withAccount(server.app);
    const order = await wallet.request('POST', '/api/v1/orders', { eventId: event.eventId, items: [{ ticketTypeId: event.ticketTypeId, quantity: 1 }] });
    const checkout = new URL(order.json().payment.checkoutUrl);
    const page = await get(checkout.pathname + checkout.search);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toBe(strictPolicy);
    expect(inlineCode(page.body)).toEqual([]);
    expect(page.body).toContain('<form method="post">');
    for (const html of [home.body, page.body]) {
      const sheets = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1]!);
      expect(sheets.length).toBeGreaterThan(0);
      for (const href of sheets) {
        expect(href.startsWith('/')).toBe(true);
        const sheet = await get(href);
        expect(sheet.statusCode, href).toBe(200);
        expect(sheet.headers['content-type']).toMatch(/^text\/css/);
      }
    }
  });

  it('the API reference loads its own scripts only; styles may be inline there and nowhere else', async () => {
    const page = await get('/api/v1/docs');
    expect(page.statusCode).toBe(200);
    const policy = directives(page.headers['content-security-policy'] as string);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect([...page.body.matchAll(/<script(?![^>]*\bsrc=)[^>]*>/g)]).toEqual([]);
    const scripts = [...page.body.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      expect(src).not.toMatch(/^(https?:)?\/\//);
      const script = await get(new URL(src, 'http://x/api/v1/docs').pathname);
      expect(script.statusCode, src).toBe(200);
    }
  });
});
