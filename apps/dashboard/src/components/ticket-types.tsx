import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client.ts';
import { Field } from './field.tsx';
import { ErrorNotice } from './error-notice.tsx';
import { CapacityBar } from './capacity-bar.tsx';
import { money } from '../format.ts';
import { isClosed, type OrganizerEvent, type TicketType } from '../types.ts';

/** The event's ticket types: price and capacity, sold against capacity, and (while the event is live) a form for one more. */
export function TicketTypes({ event, onChange }: { event: OrganizerEvent; onChange: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const add = async (formEvent: FormEvent<HTMLFormElement>) => {
    formEvent.preventDefault();
    const formElement = formEvent.currentTarget;
    const form = new FormData(formElement);
    setBusy(true);
    setError(undefined);
    try {
      await api(`/api/v1/events/${event.id}/ticket-types`, 'POST', {
        name: String(form.get('name')).trim(),
        priceCents: Math.round(Number(form.get('price')) * 100),
        currency: String(form.get('currency')),
        capacity: Number(form.get('capacity')),
      });
      formElement.reset();
      onChange();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="types-heading">
      <h2 id="types-heading">{t('types.title')}</h2>
      {event.ticketTypes.length === 0 && <p className="notice">{t('types.none')}</p>}
      <ul className="plain-list" data-testid="ticket-types">
        {event.ticketTypes.map((type) => (
          <TypeRow key={type.id} eventId={event.id} type={type} editable={!isClosed(event)} onChange={onChange} />
        ))}
      </ul>
      {!isClosed(event) && (
        <form className="add-form" onSubmit={(formEvent) => void add(formEvent)} data-testid="add-ticket-type">
          <h3>{t('types.add')}</h3>
          <div className="grid-3">
            <Field label={t('types.name')}>
              <input name="name" required maxLength={200} />
            </Field>
            <Field label={t('types.price')}>
              <input name="price" type="number" min={0} step="0.01" required inputMode="decimal" />
            </Field>
            <Field label={t('types.capacity')}>
              <input name="capacity" type="number" min={1} max={1000000} required />
            </Field>
          </div>
          <Field label={t('types.currency')}>
            <select name="currency" defaultValue={event.ticketTypes[0]?.currency ?? 'EUR'}>
              {['EUR', 'GBP', 'USD', 'CHF', 'DKK', 'SEK', 'NOK', 'PLN'].map((code) => (
                <option key={code}>{code}</option>
              ))}
            </select>
          </Field>
          <ErrorNotice error={error} />
          <button type="submit" disabled={busy}>{t('types.addButton')}</button>
        </form>
      )}
    </section>
  );
}

function TypeRow({ eventId, type, editable, onChange }: { eventId: string; type: TicketType; editable: boolean; onChange: () => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>();

  const save = async (formEvent: FormEvent<HTMLFormElement>) => {
    formEvent.preventDefault();
    const form = new FormData(formEvent.currentTarget);
    const changes: Record<string, unknown> = { name: String(form.get('name')).trim(), capacity: Number(form.get('capacity')) };
    const priceCents = Math.round(Number(form.get('price')) * 100);
    // The price is fixed once tickets are sold (a holder paid it), so only a change is sent.
    if (priceCents !== type.priceCents) changes.priceCents = priceCents;
    try {
      await api(`/api/v1/events/${eventId}/ticket-types/${type.id}`, 'PATCH', changes);
      setEditing(false);
      onChange();
    } catch (caught) {
      setError(caught);
    }
  };

  if (editing) {
    return (
      <li>
        <form onSubmit={(formEvent) => void save(formEvent)} className="grid-3">
          <Field label={t('types.name')}>
            <input name="name" required defaultValue={type.name} />
          </Field>
          <Field label={t('types.price')}>
            <input name="price" type="number" min={0} step="0.01" required defaultValue={(type.priceCents / 100).toFixed(2)} />
          </Field>
          <Field label={t('types.capacity')}>
            <input name="capacity" type="number" min={1} required defaultValue={type.capacity} />
          </Field>
          <ErrorNotice error={error} />
          <div className="row">
            <button type="submit">{t('app.save')}</button>
            <button type="button" className="secondary" onClick={() => setEditing(false)}>{t('app.cancel')}</button>
          </div>
        </form>
      </li>
    );
  }
  return (
    <li className="type-row">
      <div className="row spread">
        <strong>{type.name}</strong>
        <span>{money(type.priceCents, type.currency)}</span>
      </div>
      <CapacityBar taken={type.taken} capacity={type.capacity} />
      {editable && (
        <button type="button" className="secondary compact" onClick={() => setEditing(true)} aria-label={t('types.editNamed', { name: type.name })}>
          {t('app.edit')}
        </button>
      )}
    </li>
  );
}
