import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { BarList } from '@ticketguard/web/bar-list.tsx';
import { api } from '../api-client.ts';
import { useApi } from '../use-api.ts';
import { EventFrame } from '../components/event-frame.tsx';
import { Field } from '../components/field.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { explainError } from '../errors.ts';
import { dateTime, fromLocalInput } from '../format.ts';
import type { VoucherCampaign } from '../types.ts';

/** Voucher campaigns (a free drink) with how many were issued and redeemed, and a form for a new one. */
export function VouchersPage({ eventId }: { eventId: string }) {
  return <EventFrame eventId={eventId}>{() => <Vouchers eventId={eventId} />}</EventFrame>;
}

function Vouchers({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const campaigns = useApi<{ campaigns: VoucherCampaign[] }>(`/api/v1/events/${eventId}/voucher-campaigns`, 15_000);
  const [error, setError] = useState<unknown>();
  const problem = explainError(error, t, ['name', 'description', 'perHolder', 'validUntil']);

  const create = async (formEvent: FormEvent<HTMLFormElement>) => {
    formEvent.preventDefault();
    const formElement = formEvent.currentTarget;
    const form = new FormData(formElement);
    const validUntil = fromLocalInput(String(form.get('validUntil') ?? ''));
    setError(undefined);
    try {
      await api(`/api/v1/events/${eventId}/voucher-campaigns`, 'POST', {
        name: String(form.get('name')).trim(),
        description: String(form.get('description') ?? '').trim(),
        perHolder: Number(form.get('perHolder')),
        issueOnCheckIn: form.get('issueOnCheckIn') === 'on',
        ...(validUntil ? { validUntil } : {}),
      });
      formElement.reset();
      campaigns.reload();
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <>
      <section aria-labelledby="campaigns-heading">
        <h2 id="campaigns-heading">{t('vouchers.title')}</h2>
        <ErrorNotice error={campaigns.error} />
        {campaigns.data && campaigns.data.campaigns.length === 0 && <p className="muted">{t('vouchers.none')}</p>}
        <ul className="card-list" data-testid="campaigns">
          {(campaigns.data?.campaigns ?? []).map((c) => (
            <li key={c.id} className="card">
              <h3>{c.name}</h3>
              {c.description && <p>{c.description}</p>}
              <p className="muted">
                {t('vouchers.perHolderLine', { count: c.perHolder })}
                {c.issueOnCheckIn ? ` · ${t('vouchers.onCheckIn')}` : ''}
                {c.validUntil ? ` · ${t('vouchers.until', { at: dateTime(c.validUntil) })}` : ''}
              </p>
              <p className="muted">
                {t('vouchers.id')} <code className="wrap">{c.id}</code>
              </p>
              <BarList title={t('vouchers.chart', { name: c.name })} bars={[{ label: t('vouchers.issued'), value: c.issued }, { label: t('vouchers.redeemed'), value: c.redeemed }]} />
            </li>
          ))}
        </ul>
      </section>
      <form className="card" onSubmit={(formEvent) => void create(formEvent)}>
        <h2>{t('vouchers.new')}</h2>
        <Field label={t('vouchers.name')} error={problem.fields.name}>
          <input name="name" required maxLength={100} />
        </Field>
        <Field label={t('vouchers.description')} error={problem.fields.description}>
          <input name="description" maxLength={500} />
        </Field>
        <div className="grid-2">
          <Field label={t('vouchers.perHolder')} error={problem.fields.perHolder}>
            <input name="perHolder" type="number" min={1} max={100} defaultValue={1} required />
          </Field>
          <Field label={t('vouchers.validUntil')} error={problem.fields.validUntil}>
            <input name="validUntil" type="datetime-local" />
          </Field>
        </div>
        <label className="check">
          <input type="checkbox" name="issueOnCheckIn" /> {t('vouchers.issueOnCheckIn')}
        </label>
        <ErrorNotice error={problem.form} />
        <button type="submit">{t('vouchers.create')}</button>
      </form>
    </>
  );
}
