import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { providerNames, type ProviderName } from './domain/payments/provider.ts';

/** Every setting of the server, read once from the environment and validated at start. */
export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  /**
   * Other addresses the apps may be opened at. Without PUBLIC_URL, the other loopback name: a fresh
   * `npm start` works at http://localhost:PORT and at http://127.0.0.1:PORT.
   */
  alsoServedAt: string[];
  /** How the log is written: JSON lines (for a log collector), or short lines for a person at a terminal. */
  logFormat: 'json' | 'human';
  database: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };
  orderHoldSeconds: number;
  /** Days profile answers are kept after the organizer's last event the visitor held a ticket for. */
  retentionDays: number;
  demo: boolean;
  /**
   * Which proxies to believe about the client's address (X-Forwarded-For), as Fastify's
   * `trustProxy`: false (none), a hop count, or addresses/CIDRs. Rate limits count by that address.
   */
  trustProxy: boolean | number | string[];
  /** Requests allowed per minute, counted in the database so that they hold across processes. */
  rateLimits: RateLimits;
  /**
   * Whether webhooks and Web Push may call loopback and private-network addresses. Off by default, so
   * that neither an organizer nor a browser can make the server call into the network it runs in.
   */
  outboundToPrivateAddresses: boolean;
  payments: PaymentConfig;
  secret: string;
  /** Set when the secret was generated on this start, so the caller can log it (never the value). */
  secretGeneratedAt?: string;
}

/**
 * The instance's payment provider and keys. Organizers may bring their own keys
 * (PUT /api/v1/payment-settings); without them they sell through these.
 */
export interface PaymentConfig {
  provider: ProviderName;
  mollie?: { apiKey: string };
  mollieApiUrl: string;
  stripe?: { secretKey: string; webhookSecret: string };
  /** Undefined: Stripe's own API. */
  stripeApiUrl?: string;
  /** How often payments still open are asked for their status, in case a webhook got lost. */
  reconcileSeconds: number;
  /** The most any one provider call may take; a provider that hangs never hangs an order. */
  timeoutMs: number;
}

/**
 * Per minute: sign-ins, organizer sign-ups, wallet accounts and claims per client address; scan
 * uploads per gate device. Generous for a venue behind one address (carrier NAT), tight for a robot.
 */
export interface RateLimits {
  signIn: number;
  signUp: number;
  accounts: number;
  claims: number;
  scans: number;
}

/** Each limit with its environment variable and default. */
const rateLimitSettings: [keyof RateLimits, string, number][] = [
  ['signIn', 'RATE_LIMIT_SIGN_IN', 10],
  ['signUp', 'RATE_LIMIT_SIGN_UP', 5],
  ['accounts', 'RATE_LIMIT_ACCOUNTS', 120],
  ['claims', 'RATE_LIMIT_CLAIMS', 30],
  ['scans', 'RATE_LIMIT_SCANS', 600],
];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }
  return value;
}

function flag(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name] ?? '';
  if (raw === '') return fallback;
  if (!['0', '1', 'true', 'false'].includes(raw)) problems.push(`${name} must be 1 or 0, got "${raw}"`);
  return ['1', 'true'].includes(raw);
}

function parseDatabase(raw: string, problems: string[]): Config['database'] {
  if (raw.startsWith('sqlite:')) {
    const path = raw.slice('sqlite:'.length);
    if (path === '') problems.push('DATABASE_URL sqlite: needs a file path, e.g. sqlite:./data/ticketguard.sqlite');
    return { kind: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
  }
  if (raw.startsWith('postgres://') || raw.startsWith('postgresql://')) {
    try {
      new URL(raw);
    } catch {
      problems.push('DATABASE_URL is not a valid postgres:// URL');
    }
    return { kind: 'postgres', url: raw };
  }
  problems.push(`DATABASE_URL must start with sqlite: or postgres://, got "${raw.replace(/\/\/.*@/, '//***@')}"`);
  return { kind: 'sqlite', path: resolve('./data/ticketguard.sqlite') };
}

/**
 * The instance secret keys pseudonyms, checkout tokens and the encryption of issuer keys. On SQLite
 * it is made once and kept beside the database, so `npm start` needs no set-up; on PostgreSQL
 * several processes must share it, so it has to be given.
 */
function resolveSecret(env: Env, database: Config['database'], problems: string[]) {
  const given = env.TG_SECRET;
  if (given !== undefined && given !== '') {
    if (given.length < 32) problems.push('TG_SECRET must be at least 32 characters (e.g. `openssl rand -hex 32`)');
    return { secret: given };
  }
  if (database.kind === 'postgres') {
    problems.push('TG_SECRET is required with PostgreSQL, so that every server process shares it');
    return { secret: '' };
  }
  const folder = database.path === ':memory:' ? resolve('./data') : dirname(database.path);
  const file = join(folder, 'instance-secret');
  if (existsSync(file)) return { secret: readFileSync(file, 'utf8').trim() };
  mkdirSync(folder, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return { secret, secretGeneratedAt: file };
}

/** "" or "false": trust no proxy; "true"; a hop count "1"; or a list "127.0.0.1,10.0.0.0/8". */
function parseTrustProxy(raw: string, problems: string[]): Config['trustProxy'] {
  const value = raw.trim();
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const list = value.split(',').map((v) => v.trim()).filter(Boolean);
  const bad = list.find((v) => !/^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)$/.test(v));
  if (bad !== undefined) problems.push(`TRUST_PROXY must be true, false, a hop count or addresses/CIDRs separated by commas, got "${bad}"`);
  return list;
}

function httpUrl(env: Env, name: string, problems: string[]) {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return raw;
  } catch {
    // reported below
  }
  problems.push(`${name} must be an http(s) URL, got "${raw}"`);
  return undefined;
}

/** The embedded default: the built-in sandbox, no keys anywhere. */
export const sandboxPayments: PaymentConfig = { provider: 'sandbox', mollieApiUrl: 'https://api.mollie.com/v2/', reconcileSeconds: 60, timeoutMs: 10_000 };

/** PAYMENT_PROVIDER and the keys it needs: a provider chosen without its keys stops the start. */
function parsePayments(env: Env, problems: string[]): PaymentConfig {
  const provider = (env.PAYMENT_PROVIDER || 'sandbox') as ProviderName;
  if (!providerNames.includes(provider)) problems.push(`PAYMENT_PROVIDER must be one of ${providerNames.join(', ')}, got "${provider}"`);
  const mollieKey = env.MOLLIE_API_KEY || undefined;
  const stripeKey = env.STRIPE_SECRET_KEY || undefined;
  const stripeWebhookSecret = env.STRIPE_WEBHOOK_SECRET || undefined;
  if (provider === 'mollie' && !mollieKey) problems.push('PAYMENT_PROVIDER=mollie needs MOLLIE_API_KEY (test_... or live_...)');
  if (provider === 'stripe' && !stripeKey) problems.push('PAYMENT_PROVIDER=stripe needs STRIPE_SECRET_KEY (sk_test_... or sk_live_...)');
  if (stripeKey && !stripeWebhookSecret) problems.push('STRIPE_SECRET_KEY needs STRIPE_WEBHOOK_SECRET (whsec_...), or Stripe webhooks cannot be verified');
  return {
    provider,
    ...(mollieKey ? { mollie: { apiKey: mollieKey } } : {}),
    mollieApiUrl: httpUrl(env, 'MOLLIE_API_URL', problems) ?? sandboxPayments.mollieApiUrl,
    ...(stripeKey && stripeWebhookSecret ? { stripe: { secretKey: stripeKey, webhookSecret: stripeWebhookSecret } } : {}),
    stripeApiUrl: httpUrl(env, 'STRIPE_API_URL', problems),
    reconcileSeconds: integer(env, 'PAYMENT_RECONCILE_SECONDS', sandboxPayments.reconcileSeconds, 5, 86_400, problems),
    timeoutMs: integer(env, 'PAYMENT_TIMEOUT_SECONDS', sandboxPayments.timeoutMs / 1000, 1, 120, problems) * 1000,
  };
}

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const port = integer(env, 'PORT', 3000, 0, 65535, problems);
  const host = env.HOST || '127.0.0.1';
  const publicUrlRaw = env.PUBLIC_URL || `http://localhost:${port}`;
  let publicUrl = publicUrlRaw.replace(/\/+$/, '');
  try {
    const url = new URL(publicUrlRaw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    if (url.search || url.hash) problems.push('PUBLIC_URL must not have a query or fragment');
  } catch {
    problems.push(`PUBLIC_URL must be an http(s) URL, got "${publicUrlRaw}"`);
    publicUrl = `http://localhost:${port}`;
  }
  const alsoServedAt = env.PUBLIC_URL ? [] : [`http://127.0.0.1:${port}`];
  const logFormat = env.LOG_FORMAT === 'json' || (env.LOG_FORMAT !== 'human' && !process.stdout.isTTY) ? 'json' : 'human';
  if (env.LOG_FORMAT && !['json', 'human'].includes(env.LOG_FORMAT)) problems.push(`LOG_FORMAT must be json or human, got "${env.LOG_FORMAT}"`);
  const database = parseDatabase(env.DATABASE_URL || 'sqlite:./data/ticketguard.sqlite', problems);
  const orderHoldSeconds = integer(env, 'ORDER_HOLD_SECONDS', 600, 10, 86_400, problems);
  const retentionDays = integer(env, 'RETENTION_DAYS', 180, 1, 3650, problems);
  const demo = flag(env, 'TG_DEMO', true, problems);
  const outboundToPrivateAddresses = flag(env, 'OUTBOUND_ALLOW_PRIVATE', false, problems);
  const trustProxy = parseTrustProxy(env.TRUST_PROXY ?? '', problems);
  const rateLimits = Object.fromEntries(
    rateLimitSettings.map(([key, name, fallback]) => [key, integer(env, name, fallback, 1, 1_000_000_000, problems)]),
  ) as unknown as RateLimits;
  const payments = parsePayments(env, problems);
  const secret = problems.length === 0 ? resolveSecret(env, database, problems) : { secret: '' };
  if (problems.length > 0) throw new ConfigError(problems);
  return { port, host, publicUrl, alsoServedAt, logFormat, database, orderHoldSeconds, retentionDays, demo, trustProxy, rateLimits, outboundToPrivateAddresses, payments, ...secret };
}
