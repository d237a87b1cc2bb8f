import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client.ts';
import { Field } from './field.tsx';
import { ErrorNotice } from './error-notice.tsx';
import { ConfirmNotice } from './confirm-notice.tsx';
import { CapacityBar } from './capacity-bar.tsx';
import { PriceField, readPrice } from './price-field.tsx';
import { explainError } from '../errors.ts';
import { count, money } from '../format.ts';
import type { TicketType } from '../types.ts';

/** The request fields of a product's forms, where a refusal of one of them is said. */
export const productFields = ['name', 'priceCents', 'capacity', 'currency'];

/** One product: its kind, price and sales against capacity; edit it, or stop and resume its sales. */
export function ProductRow({ eventId, type, editable, onChange }: { eventId: string; type: TicketType; editable: boolean; onChange: () => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>();
  // The price is fixed once anything is held or sold (a buyer paid it), so it is shown but not sent.
  const priceFixed = type.taken > 0;
  const problem = explainError(error, t, productFields);

  const change = async (changes: Record<string, unknown>) => {
    setError(undefined);
    try {
      await api(`/api/v1/events/${eventId}/ticket-types/${type.id}`, 'PATCH', changes);
      setEditing(false);
      setConfirming(false);
      onChange();
    } catch (caught) {
      setError(caught);
    }
  };

  const save = (formEvent: FormEvent<HTMLFormElement>) => {
    formEvent.preventDefault();
    const form = new FormData(formEvent.currentTarget);
    const changes: Record<string, unknown> = { name: String(form.get('name')).trim(), capacity: Number(form.get('capacity')) };
    try {
      const priceCents = priceFixed ? type.priceCents : readPrice(form, t);
      if (priceCents !== type.priceCents) changes.priceCents = priceCents;
    } catch (unreadable) {
      return setError(unreadable);
    }
    void change(changes);
  };

  if (editing) {
    return (
      <li>
        <form onSubmit={save} className="grid-3">
          <Field label={t('types.name')} error={problem.fields.name}>
            <input name="name" required maxLength={200} defaultValue={type.name} />
          </Field>
          <PriceField currency={type.currency} cents={type.priceCents} error={problem.fields.priceCents} fixedHint={priceFixed ? t('types.priceFixed') : undefined} />
          <Field label={t('types.capacity')} error={problem.fields.capacity}>
            <input name="capacity" type="number" min={1} required defaultValue={type.capacity} />
          </Field>
          <ErrorNotice error={problem.form} />
          <div className="row">
            <button type="submit">{t('app.save')}</button>
            <button type="button" className="secondary" onClick={() => setEditing(false)}>{t('app.cancel')}</button>
          </div>
        </form>
      </li>
    );
  }
  const stopped = type.salesStopped;
  return (
    <li className="type-row" data-testid="product">
      <div className="row spread product-head">
        <span className="row badges">
          <strong>{type.name}</strong>
          <span className={`badge kind-${type.kind}`}>{t(`types.kind_${type.kind}`)}</span>
          {stopped && <span className="badge status-cancelled">{t('types.salesStopped')}</span>}
        </span>
        <span>{money(type.priceCents, type.currency)}</span>
      </div>
      {type.kind === 'addon' && <span className="muted">{t(type.requiresAdmission ? 'types.forHolders' : 'types.forAnyone')}</span>}
      <CapacityBar taken={type.taken} capacity={type.capacity} />
      {editable && !confirming && (
        <span className="row">
          <button type="button" className="secondary compact" onClick={() => setEditing(true)} aria-label={t('types.editNamed', { name: type.name })}>
            {t('app.edit')}
          </button>
          <button type="button" className="secondary compact" onClick={() => setConfirming(true)} aria-label={t(stopped ? 'types.resumeNamed' : 'types.stopNamed', { name: type.name })}>
            {t(stopped ? 'types.resume' : 'types.stop')}
          </button>
        </span>
      )}
      {confirming && (
        <ConfirmNotice
          warning={stopped ? t('types.resumeWarning', { name: type.name, available: count(type.capacity - type.taken) }) : t('types.stopWarning', { name: type.name })}
          confirm={t(stopped ? 'types.resumeConfirm' : 'types.stopConfirm', { name: type.name })}
          keep={t(stopped ? 'types.keepStopped' : 'types.keepSelling')}
          onConfirm={() => void change({ salesStopped: !stopped })}
          onKeep={() => setConfirming(false)}
        />
      )}
      <ErrorNotice error={error} />
    </li>
  );
}
