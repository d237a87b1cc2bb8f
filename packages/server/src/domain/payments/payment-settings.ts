import type { Context } from '../context.ts';
import { seal } from '../credentials/sealed-box.ts';
import { DomainError } from '../errors.ts';
import { stripeWebhookPath, type Credentials } from './payments.ts';
import { ProviderRefused, ProviderUnavailable, type ProviderName } from './provider.ts';

export interface PaymentSettingsInput {
  provider: ProviderName;
  mollie?: { apiKey: string };
  stripe?: { secretKey: string; webhookSecret: string };
}

/** The last 4 characters: enough to tell two keys apart, no use to anyone who reads it. */
const hintOf = (key: string) => key.slice(-4);

/** Key shapes, so that a key pasted into the wrong field is named before any call is made. */
const shapes = {
  mollieKey: /^(test|live)_[A-Za-z0-9]{20,}$/,
  stripeKey: /^(sk|rk)_(test|live)_[A-Za-z0-9]{10,}$/,
  stripeWebhookSecret: /^whsec_[A-Za-z0-9+/=]{10,}$/,
};

/** Which provider the organizer sells through, and a hint of whose key: its own, or the instance's. */
export async function paymentSettings(ctx: Context, organizerId: string) {
  const row = await ctx.store.repos.payments.settingsOf(organizerId);
  const provider = row?.provider ?? ctx.payments.defaultProvider;
  const own = row?.key_hint ?? null;
  const instanceKey = ctx.payments.instanceKey(provider);
  return {
    provider,
    keyHint: own ?? (instanceKey ? hintOf(instanceKey) : null),
    keySource: own ? ('organizer' as const) : provider === 'sandbox' ? ('none' as const) : ('instance' as const),
    instanceDefault: ctx.payments.defaultProvider,
    updatedAt: row?.updated_at ?? null,
    // Where the organizer points its Stripe webhook endpoint: from PUBLIC_URL, which the dashboard's own address need not be.
    stripeWebhookUrl: `${ctx.settings.publicUrl}${stripeWebhookPath}`,
  };
}

function credentialsFrom(input: PaymentSettingsInput): Credentials | undefined {
  if (input.provider === 'mollie' && input.mollie) {
    if (!shapes.mollieKey.test(input.mollie.apiKey)) throw new DomainError('invalid_request', 'mollie.apiKey must be a Mollie API key: test_... or live_... (from the Mollie dashboard, Developers > API keys)', 'mollie.apiKey');
    return { mollie: { apiKey: input.mollie.apiKey } };
  }
  if (input.provider === 'stripe' && input.stripe) {
    if (!shapes.stripeKey.test(input.stripe.secretKey)) throw new DomainError('invalid_request', 'stripe.secretKey must be a Stripe secret key: sk_test_..., sk_live_... or a restricted rk_... key', 'stripe.secretKey');
    if (!shapes.stripeWebhookSecret.test(input.stripe.webhookSecret)) throw new DomainError('invalid_request', 'stripe.webhookSecret must be the signing secret of your Stripe webhook endpoint: whsec_...', 'stripe.webhookSecret');
    return { stripe: { secretKey: input.stripe.secretKey, webhookSecret: input.stripe.webhookSecret } };
  }
  return undefined;
}

/**
 * An owner chooses the organizer's provider, with keys of its own or the instance's. Keys are checked
 * with one call to the provider first, then stored sealed under TG_SECRET; only a 4-character hint
 * ever leaves the server again. The sandbox moves no money, so it is offered only on an instance
 * whose own default is the sandbox: elsewhere it would give tickets away.
 */
export async function savePaymentSettings(ctx: Context, organizerId: string, input: PaymentSettingsInput) {
  const repos = ctx.store.repos;
  if (input.provider === 'sandbox') {
    if (ctx.payments.defaultProvider !== 'sandbox') {
      throw new DomainError('invalid_state', 'this instance takes real payments: the sandbox, which moves no money, is not available');
    }
    await repos.payments.removeSettings(organizerId);
    ctx.payments.forget(organizerId);
    return paymentSettings(ctx, organizerId);
  }
  const credentials = credentialsFrom(input);
  if (!credentials && !ctx.payments.instanceKey(input.provider)) {
    const field = input.provider === 'mollie' ? 'mollie.apiKey' : 'stripe.secretKey';
    const fields = input.provider === 'mollie' ? field : `${field} and stripe.webhookSecret`;
    throw new DomainError('invalid_request', `${fields} is required: this instance has no ${input.provider} keys to lend`, field);
  }
  try {
    await ctx.payments.withCredentials(input.provider, credentials).checkCredentials();
  } catch (error) {
    if (error instanceof ProviderRefused) {
      throw new DomainError('invalid_payment_credentials', `${input.provider} did not accept these keys: ${error.message}`);
    }
    if (error instanceof ProviderUnavailable) throw new DomainError('payment_provider_unavailable', `${input.provider} could not be asked to check the keys: ${error.message}`);
    throw error;
  }
  const key = credentials && ('mollie' in credentials ? credentials.mollie.apiKey : credentials.stripe.secretKey);
  await repos.payments.saveSettings({
    organizer_id: organizerId,
    provider: input.provider,
    credentials_sealed: credentials ? seal(ctx.settings.secret, Buffer.from(JSON.stringify(credentials), 'utf8')) : null,
    key_hint: key ? hintOf(key) : null,
    updated_at: ctx.clock().toISOString(),
  });
  ctx.payments.forget(organizerId);
  return paymentSettings(ctx, organizerId);
}

/** Back to the instance's provider and keys; the organizer's own keys are deleted. */
export async function removePaymentSettings(ctx: Context, organizerId: string) {
  await ctx.store.repos.payments.removeSettings(organizerId);
  ctx.payments.forget(organizerId);
  return paymentSettings(ctx, organizerId);
}
