import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client.ts';
import { Field } from './field.tsx';
import { CopyField } from './copy-field.tsx';
import { ErrorNotice } from './error-notice.tsx';
import { explainSaveError, masked, type KeyField, type SaveProblem } from './payment-errors.ts';
import type { PaymentProvider, PaymentSettings } from '../types.ts';

const providers: PaymentProvider[] = ['mollie', 'stripe', 'sandbox'];

/** What Stripe must send to the endpoint for checkouts to be settled (and expired ones released). */
export const stripeEvents = ['checkout.session.completed', 'checkout.session.async_payment_succeeded', 'checkout.session.async_payment_failed', 'checkout.session.expired'];

/**
 * Choosing the provider and its keys. Keys are typed into password fields that are emptied once the
 * server took them: after that only the server's 4-character hint is ever shown.
 */
export function PaymentForm({ settings, onSaved }: { settings: PaymentSettings; onSaved: (saved: PaymentSettings) => void }) {
  const { t } = useTranslation();
  // The sandbox moves no money: the server refuses it on an instance that takes real payments.
  const offered = providers.filter((p) => p !== 'sandbox' || settings.instanceDefault === 'sandbox');
  const [provider, setProvider] = useState<PaymentProvider>(offered.includes(settings.provider) ? settings.provider : offered[0]!);
  const [borrow, setBorrow] = useState(settings.keySource === 'instance');
  const [problem, setProblem] = useState<SaveProblem>();
  const [saved, setSaved] = useState<PaymentSettings>();
  const [busy, setBusy] = useState(false);
  // A new generation remounts the key inputs, which empties them.
  const [generation, setGeneration] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  const canBorrow = provider !== 'sandbox' && provider === settings.instanceDefault;
  const ownKeys = provider !== 'sandbox' && !(canBorrow && borrow);

  // Back to the platform's default (or changed in another tab): the form starts from what is in use.
  // `offered` follows instanceDefault, so that is what the effect depends on.
  useEffect(() => {
    setProvider(offered.includes(settings.provider) ? settings.provider : offered[0]!);
    setBorrow(settings.keySource === 'instance');
  }, [settings.provider, settings.keySource, settings.instanceDefault]);

  // A refused key takes focus, so its error (described by) is read out and the key can be typed again.
  useEffect(() => {
    form.current?.querySelector<HTMLElement>('[aria-invalid=true]')?.focus();
  }, [problem]);

  const choose = (next: PaymentProvider) => {
    setProvider(next);
    setProblem(undefined);
  };

  const submit = async (formEvent: FormEvent<HTMLFormElement>) => {
    formEvent.preventDefault();
    const data = new FormData(formEvent.currentTarget);
    const value = (field: KeyField) => String(data.get(field) ?? '').trim();
    const body = {
      provider,
      ...(ownKeys && provider === 'mollie' ? { mollie: { apiKey: value('mollie.apiKey') } } : {}),
      ...(ownKeys && provider === 'stripe' ? { stripe: { secretKey: value('stripe.secretKey'), webhookSecret: value('stripe.webhookSecret') } } : {}),
    };
    setBusy(true);
    setProblem(undefined);
    setSaved(undefined);
    try {
      const answer = await api<PaymentSettings>('/api/v1/payment-settings', 'PUT', body);
      setGeneration((g) => g + 1);
      setSaved(answer);
      onSaved(answer);
    } catch (caught) {
      const explained = explainSaveError(caught, provider, t);
      // With the platform's keys no key field is shown: anything about keys goes above the button.
      setProblem(ownKeys ? explained : { fields: {}, form: explained.form ?? Object.values(explained.fields)[0] });
    } finally {
      setBusy(false);
    }
  };

  const keyField = (field: KeyField, label: string, hint: string) => (
    <Field label={label} hint={hint} error={problem?.fields[field]}>
      <input name={field} type="password" required autoComplete="off" spellCheck={false} autoCapitalize="off" maxLength={300} />
    </Field>
  );

  return (
    <form ref={form} className="card" onSubmit={(formEvent) => void submit(formEvent)} aria-labelledby="choose-heading" data-testid="payment-form">
      <h2 id="choose-heading">{t(settings.updatedAt ? 'payments.change' : 'payments.choose')}</h2>
      <fieldset className="choices">
        <legend>{t('payments.provider')}</legend>
        {offered.map((option) => (
          <label key={option} className={provider === option ? 'choice selected' : 'choice'}>
            <input type="radio" name="provider" value={option} checked={provider === option} onChange={() => choose(option)} />
            <span>
              <strong>{t(`payments.name_${option}`)}</strong>
              <span className="muted">{t(`payments.explain_${option}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {canBorrow && (
        <label className="check">
          <input type="checkbox" checked={borrow} onChange={(e) => (setBorrow(e.target.checked), setProblem(undefined))} /> {t('payments.usePlatform', { provider: t(`payments.name_${provider}`) })}
        </label>
      )}
      <div key={generation}>
        {ownKeys && provider === 'mollie' && keyField('mollie.apiKey', t('payments.mollieKey'), t('payments.mollieKeyHint'))}
        {provider === 'mollie' && <p className="muted">{t('payments.todo_mollie')}</p>}
        {ownKeys && provider === 'stripe' && (
          <>
            {keyField('stripe.secretKey', t('payments.stripeSecret'), t('payments.stripeSecretHint'))}
            <section className="stripe-setup" aria-labelledby="stripe-heading" data-testid="stripe-setup">
              <h3 id="stripe-heading">{t('payments.stripeSetup')}</h3>
              <p>{t('payments.todo_stripe')}</p>
              <CopyField label={t('payments.webhookUrl')} value={settings.stripeWebhookUrl} testId="stripe-webhook-url" />
              <p className="muted">{t('payments.webhookEvents')}</p>
              <ul className="event-names">
                {stripeEvents.map((name) => (
                  // A phone breaks these long names after a dot or an underscore, not inside a word.
                  <li key={name}><code>{name.split(/(?<=[._])/).map((part, i) => <span key={i}>{i > 0 && <wbr />}{part}</span>)}</code></li>
                ))}
              </ul>
            </section>
            {keyField('stripe.webhookSecret', t('payments.stripeWebhookSecret'), t('payments.stripeWebhookSecretHint'))}
          </>
        )}
      </div>
      {ownKeys && <p className="muted">{t('payments.keysChecked')}</p>}
      <ErrorNotice error={problem?.form} />
      {saved && (
        <p className="ok" role="status" data-testid="saved">
          {t(`payments.saved_${saved.keySource}`, { provider: t(`payments.name_${saved.provider}`), hint: masked(saved.keyHint) })}
        </p>
      )}
      <button type="submit" disabled={busy}>{t('payments.save')}</button>
    </form>
  );
}
