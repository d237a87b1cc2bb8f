import type { PaymentConfig } from '../../config.ts';
import type { Repositories } from '../../storage/store.ts';
import { unseal } from '../credentials/sealed-box.ts';
import { ShortMemory } from '../short-memory.ts';
import { mollieProvider } from './mollie.ts';
import { ProviderUnavailable, type PaymentProvider, type ProviderName } from './provider.ts';
import { sandboxProvider } from './sandbox.ts';
import { stripeProvider } from './stripe.ts';

/** An organizer's own keys, as sealed in payment_settings. */
export type Credentials = { mollie: { apiKey: string } } | { stripe: { secretKey: string; webhookSecret: string } };

export const mollieWebhookPath = '/api/v1/payments/mollie/webhook';
export const stripeWebhookPath = '/api/v1/payments/stripe/webhook';

/**
 * Which provider, with whose keys, takes an organizer's payments: its own settings where it has them,
 * else the instance's (`PAYMENT_PROVIDER`). Providers are built once per key and kept.
 */
export function createPayments(config: PaymentConfig, settings: { secret: string; publicUrl: string }) {
  const sandbox = sandboxProvider(settings);
  const built = new Map<string, PaymentProvider>();

  function build(name: ProviderName, credentials: Credentials | undefined): PaymentProvider {
    if (name === 'sandbox') return sandbox.provider;
    const mollieKey = credentials && 'mollie' in credentials ? credentials.mollie.apiKey : config.mollie?.apiKey;
    const stripeKey = credentials && 'stripe' in credentials ? credentials.stripe.secretKey : config.stripe?.secretKey;
    const key = name === 'mollie' ? mollieKey : stripeKey;
    // A misconfiguration the organizer's buyers cannot fix: as if the provider were down.
    if (!key) throw new ProviderUnavailable(`no ${name} keys are configured on this instance`);
    const cacheKey = `${name}:${key}`;
    let provider = built.get(cacheKey);
    if (!provider) {
      provider =
        name === 'mollie'
          ? mollieProvider({ apiKey: key, apiUrl: config.mollieApiUrl, timeoutMs: config.timeoutMs, webhookUrl: settings.publicUrl + mollieWebhookPath })
          : stripeProvider({ secretKey: key, apiUrl: config.stripeApiUrl, timeoutMs: config.timeoutMs });
      // Keys that were only checked (and perhaps refused) must not pile up.
      if (built.size > 1000) built.clear();
      built.set(cacheKey, provider);
    }
    return provider;
  }

  // Every order, refund and provider call asks for its organizer's settings; a few seconds' memory keeps
  // that (and the unsealing) off the database during an on-sale. A change made in another process
  // applies within that time; one made in this process at once (`forget`).
  const remembered = new ShortMemory<Awaited<ReturnType<typeof read>>>(5000, 10_000);

  async function read(repos: Repositories, organizerId: string) {
    const row = await repos.payments.settingsOf(organizerId);
    const credentials = row?.credentials_sealed ? (JSON.parse(unseal(settings.secret, row.credentials_sealed).toString('utf8')) as Credentials) : undefined;
    return { provider: row?.provider, credentials };
  }

  const settingsOf = (repos: Repositories, organizerId: string) => remembered.get(organizerId, () => read(repos, organizerId));

  return {
    defaultProvider: config.provider,
    isValidSandboxToken: sandbox.isValidToken,
    sandboxCheckoutUrl: sandbox.checkoutUrl,
    /** The provider new orders of the organizer go to. */
    async forOrganizer(repos: Repositories, organizerId: string) {
      const own = await settingsOf(repos, organizerId);
      return build(own.provider ?? config.provider, own.credentials);
    },
    /** Forgets what the organizer chose, after it changed its settings. */
    forget: (organizerId: string) => remembered.forget(organizerId),
    /** The provider an order was placed with: the organizer's keys if it still uses that provider, else the instance's. */
    async forOrder(repos: Repositories, order: { event_id: string; provider: string }) {
      const event = await repos.events.find(order.event_id);
      const own = event ? await settingsOf(repos, event.organizer_id) : undefined;
      return build(order.provider as ProviderName, own?.provider === order.provider ? own.credentials : undefined);
    },
    /** A provider with keys that are not saved yet, to check them with one call first. */
    withCredentials: (name: ProviderName, credentials: Credentials | undefined) => build(name, credentials),
    /** The secrets a Stripe webhook may be signed with: the organizer's own (if any) and the instance's. */
    async stripeWebhookSecrets(repos: Repositories, organizerId: string | undefined) {
      const own = organizerId ? (await settingsOf(repos, organizerId)).credentials : undefined;
      return [...(own && 'stripe' in own ? [own.stripe.webhookSecret] : []), ...(config.stripe ? [config.stripe.webhookSecret] : [])];
    },
    /** The instance's keys for a provider, for an organizer choosing that provider without keys of its own. */
    instanceKey: (name: ProviderName) => (name === 'mollie' ? config.mollie?.apiKey : name === 'stripe' ? config.stripe?.secretKey : undefined),
  };
}

export type Payments = ReturnType<typeof createPayments>;
