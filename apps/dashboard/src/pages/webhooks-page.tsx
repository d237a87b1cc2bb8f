import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client.ts';
import { useApi } from '../use-api.ts';
import { Field } from '../components/field.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { explainError } from '../errors.ts';
import { CopyField } from '../components/copy-field.tsx';
import { dateTime } from '../format.ts';

const kinds = ['order.paid', 'order.refunded', 'ticket.transferred', 'ticket.checked_in'] as const;

interface Webhook {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
  lastDelivery?: { status: 'delivered' | 'failed' | 'pending'; httpStatus?: number; attempts: number; at: string };
}

interface Delivery {
  id: string;
  event: string;
  status: string;
  httpStatus?: number;
  attempts: number;
  createdAt: string;
  nextAttemptAt?: string;
  lastError?: string;
}

/** Webhooks: an https URL gets signed deliveries (HMAC-SHA-256 of the body with its secret), retried with backoff. */
export function WebhooksPage() {
  const { t } = useTranslation();
  const webhooks = useApi<{ webhooks: Webhook[] }>('/api/v1/webhooks', 10_000, true);
  const [created, setCreated] = useState<{ url: string; secret: string }>();
  const [error, setError] = useState<unknown>();
  const problem = explainError(error, t, ['url']);

  const create = async (formEvent: FormEvent<HTMLFormElement>) => {
    formEvent.preventDefault();
    const formElement = formEvent.currentTarget;
    const form = new FormData(formElement);
    setError(undefined);
    try {
      const answer = await api<{ url: string; secret: string }>('/api/v1/webhooks', 'POST', { url: String(form.get('url')).trim(), events: form.getAll('events').map(String) });
      setCreated(answer);
      formElement.reset();
      webhooks.reload();
    } catch (caught) {
      setError(caught);
    }
  };
  const remove = (id: string) => void api(`/api/v1/webhooks/${id}`, 'DELETE').then(webhooks.reload, setError);

  if (webhooks.missing) return <><h1>{t('webhooks.title')}</h1><p className="notice">{t('app.unavailable')}</p></>;
  return (
    <>
      <h1>{t('webhooks.title')}</h1>
      <p className="muted">{t('webhooks.intro')}</p>
      {created && (
        <section className="card" data-testid="webhook-secret">
          <h2>{t('webhooks.secretTitle')}</h2>
          <p className="notice">{t('webhooks.secretWarning')}</p>
          <CopyField label={t('webhooks.secret')} value={created.secret} testId="secret" />
          <p className="muted">{t('webhooks.verify')}</p>
          <button type="button" onClick={() => setCreated(undefined)}>{t('gate.pairDone')}</button>
        </section>
      )}
      <ul className="card-list" data-testid="webhooks">
        {(webhooks.data?.webhooks ?? []).map((hook) => (
          <li key={hook.id} className="card">
            <div className="row spread">
              <code className="wrap">{hook.url}</code>
              <button type="button" className="secondary compact" onClick={() => remove(hook.id)} aria-label={t('webhooks.removeNamed', { url: hook.url })}>{t('gate.remove')}</button>
            </div>
            <p className="muted">{hook.events.join(', ')}</p>
            <p data-testid="last-delivery">
              {hook.lastDelivery
                ? t('webhooks.last', { status: t(`webhooks.status_${hook.lastDelivery.status}`), code: hook.lastDelivery.httpStatus ?? '–', attempts: t('webhooks.attempts', { count: hook.lastDelivery.attempts }), at: dateTime(hook.lastDelivery.at) })
                : t('webhooks.noDeliveries')}
            </p>
            <Deliveries id={hook.id} />
          </li>
        ))}
      </ul>
      <form className="card" onSubmit={(formEvent) => void create(formEvent)}>
        <h2>{t('webhooks.new')}</h2>
        <Field label={t('webhooks.url')} hint={t('webhooks.urlHint')} error={problem.fields.url}>
          <input name="url" type="url" required pattern="https://.*" placeholder="https://" />
        </Field>
        <fieldset>
          <legend>{t('webhooks.events')}</legend>
          {kinds.map((kind) => (
            <label key={kind} className="check">
              <input type="checkbox" name="events" value={kind} defaultChecked={kind === 'order.paid'} /> {t(`webhooks.kind_${kind.replace('.', '_')}`)} <code>{kind}</code>
            </label>
          ))}
        </fieldset>
        <ErrorNotice error={problem.form} />
        <button type="submit" data-testid="create-webhook">{t('webhooks.create')}</button>
      </form>
    </>
  );
}

function Deliveries({ id }: { id: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const { data } = useApi<{ deliveries: Delivery[] }>(open ? `/api/v1/webhooks/${id}/deliveries` : null, 10_000);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('webhooks.deliveries')}</summary>
      <ul className="plain-list">
        {(data?.deliveries ?? []).map((d) => (
          <li key={d.id}>
            <code>{d.event}</code> {t(`webhooks.status_${d.status}`, { defaultValue: d.status })} {d.httpStatus ?? ''} · {t('webhooks.attempts', { count: d.attempts })} · {dateTime(d.createdAt)}
            {d.nextAttemptAt ? ` · ${t('webhooks.next', { at: dateTime(d.nextAttemptAt) })}` : ''}
            {d.lastError ? <span className="muted"> · {d.lastError}</span> : null}
          </li>
        ))}
      </ul>
    </details>
  );
}
