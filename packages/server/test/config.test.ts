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
});
