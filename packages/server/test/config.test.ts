import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

const folder = () => mkdtempSync(join(tmpdir(), 'tg-config-'));

describe('configuration', () => {
  it('has safe defaults for the embedded mode and makes the secret once', () => {
    const dir = folder();
    const config = loadConfig({ DATABASE_URL: `sqlite:${dir}/tg.sqlite` });
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', publicUrl: 'http://localhost:3000', orderHoldSeconds: 600, demo: true, outboundToPrivateAddresses: false });
    expect(config.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(config.secretGeneratedAt).toBe(join(dir, 'instance-secret'));
    expect(statSync(join(dir, 'instance-secret')).mode & 0o777).toBe(0o600);
    const again = loadConfig({ DATABASE_URL: `sqlite:${dir}/tg.sqlite` });
    expect(again.secret).toBe(config.secret);
    expect(again.secretGeneratedAt).toBeUndefined();
  });

  it('without PUBLIC_URL serves both loopback names; with it, only that address; logs JSON unless a person reads them', () => {
    const dir = folder();
    expect(loadConfig({ DATABASE_URL: `sqlite:${dir}/tg.sqlite`, PORT: '4000' })).toMatchObject({ publicUrl: 'http://localhost:4000', alsoServedAt: ['http://127.0.0.1:4000'] });
    expect(loadConfig({ DATABASE_URL: `sqlite:${dir}/tg.sqlite`, PUBLIC_URL: 'https://tickets.example.org' }).alsoServedAt).toEqual([]);
    // The test runner's output is no terminal: JSON unless asked otherwise.
    expect(loadConfig({ DATABASE_URL: `sqlite:${dir}/tg.sqlite` }).logFormat).toBe(process.stdout.isTTY ? 'human' : 'json');
    expect(loadConfig({ DATABASE_URL: `sqlite:${dir}/tg.sqlite`, LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(loadConfig({ DATABASE_URL: `sqlite:${dir}/tg.sqlite`, LOG_FORMAT: 'human' }).logFormat).toBe('human');
    expect(() => loadConfig({ DATABASE_URL: `sqlite:${dir}/tg.sqlite`, LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT must be json or human/);
  });

  it('reads every setting', () => {
    const config = loadConfig({
      PORT: '8080', HOST: '0.0.0.0', PUBLIC_URL: 'https://tickets.example.org/', DATABASE_URL: 'postgres://tg@db/tg',
      ORDER_HOLD_SECONDS: '120', TG_DEMO: '0', TG_SECRET: 's'.repeat(40),
      RATE_LIMIT_SIGN_IN: '11', RATE_LIMIT_SIGN_UP: '12', RATE_LIMIT_ACCOUNTS: '13', RATE_LIMIT_CLAIMS: '14', RATE_LIMIT_SCANS: '15', TRUST_PROXY: '127.0.0.1, 10.0.0.0/8',
      OUTBOUND_ALLOW_PRIVATE: '1',
    });
    expect(config.trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8']);
    expect(loadConfig({ DATABASE_URL: 'postgres://tg@db/tg', TG_SECRET: 's'.repeat(40), TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(config.rateLimits).toEqual({ signIn: 11, signUp: 12, accounts: 13, claims: 14, scans: 15 });
    expect(config).toMatchObject({
      port: 8080, host: '0.0.0.0', publicUrl: 'https://tickets.example.org', database: { kind: 'postgres', url: 'postgres://tg@db/tg' },
      orderHoldSeconds: 120, demo: false, secret: 's'.repeat(40), outboundToPrivateAddresses: true,
    });
  });

  it('names every bad value in one message', () => {
    const dir = folder();
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', PUBLIC_URL: 'ftp://x', DATABASE_URL: 'mysql://x', ORDER_HOLD_SECONDS: '-1', TG_DEMO: 'yes', RATE_LIMIT_SCANS: '0', TRUST_PROXY: 'every proxy', OUTBOUND_ALLOW_PRIVATE: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'PUBLIC_URL', 'DATABASE_URL', 'ORDER_HOLD_SECONDS', 'TG_DEMO', 'RATE_LIMIT_SCANS', 'TRUST_PROXY', 'OUTBOUND_ALLOW_PRIVATE']) expect(problems).toContain(name);
    expect(existsSync(join(dir, 'instance-secret'))).toBe(false);
  });

  it('requires TG_SECRET for PostgreSQL and refuses a short one', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://tg@db/tg' })).toThrow(/TG_SECRET is required with PostgreSQL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://tg@db/tg', TG_SECRET: 'short' })).toThrow(/at least 32 characters/);
    const dir = folder();
    expect(() => loadConfig({ DATABASE_URL: `sqlite:${dir}/x.sqlite`, TG_SECRET: 'short' })).toThrow(/TG_SECRET/);
  });

  it('takes the sandbox by default, and a real provider only with its keys', () => {
    const pg = { DATABASE_URL: 'postgres://tg@db/tg', TG_SECRET: 's'.repeat(40) };
    expect(loadConfig(pg).payments).toEqual({ provider: 'sandbox', mollieApiUrl: 'https://api.mollie.com/v2/', reconcileSeconds: 60, timeoutMs: 10_000 });
    const mollie = loadConfig({ ...pg, PAYMENT_PROVIDER: 'mollie', MOLLIE_API_KEY: 'test_x', MOLLIE_API_URL: 'http://127.0.0.1:9/v2/', PAYMENT_RECONCILE_SECONDS: '30', PAYMENT_TIMEOUT_SECONDS: '5' });
    expect(mollie.payments).toMatchObject({ provider: 'mollie', mollie: { apiKey: 'test_x' }, mollieApiUrl: 'http://127.0.0.1:9/v2/', reconcileSeconds: 30, timeoutMs: 5000 });
    const stripe = loadConfig({ ...pg, PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_x', STRIPE_API_URL: 'http://127.0.0.1:9' });
    expect(stripe.payments).toMatchObject({ provider: 'stripe', stripe: { secretKey: 'sk_test_x', webhookSecret: 'whsec_x' }, stripeApiUrl: 'http://127.0.0.1:9' });
    expect(() => loadConfig({ ...pg, PAYMENT_PROVIDER: 'paypal' })).toThrow(/PAYMENT_PROVIDER must be one of sandbox, mollie, stripe/);
    expect(() => loadConfig({ ...pg, PAYMENT_PROVIDER: 'mollie' })).toThrow(/needs MOLLIE_API_KEY/);
    expect(() => loadConfig({ ...pg, PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk_test_x' })).toThrow(/needs STRIPE_WEBHOOK_SECRET/);
    expect(() => loadConfig({ ...pg, MOLLIE_API_URL: 'api.mollie.com' })).toThrow(/MOLLIE_API_URL must be an http\(s\) URL/);
    expect(() => loadConfig({ ...pg, PAYMENT_RECONCILE_SECONDS: '1' })).toThrow(/PAYMENT_RECONCILE_SECONDS/);
  });
});
