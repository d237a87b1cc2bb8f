import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client.ts';
import { Field } from './field.tsx';
import { ErrorNotice } from './error-notice.tsx';
import { ProductRow, productFields } from './product-row.tsx';
import { PriceField, readPrice } from './price-field.tsx';
import { explainError } from '../errors.ts';
import { isClosed, type OrganizerEvent, type ProductKind } from '../types.ts';

const kinds: ProductKind[] = ['admission', 'addon'];
const currencies = ['EUR', 'GBP', 'USD', 'CHF', 'DKK', 'SEK', 'NOK', 'PLN'];

/**
 * The event's products: tickets that admit to it and add-ons sold beside them (parking, a locker), each
 * with price, capacity and sales, and (while the event is live) a form for one more.
 */
export function TicketTypes({ event, onChange }: { event: OrganizerEvent; onChange: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [kind, setKind] = useState<ProductKind>('admission');
  const [currency, setCurrency] = useState(event.ticketTypes[0]?.currency ?? 'EUR');
  const problem = explainError(error, t, productFields);

  const add = async (formEvent: FormEvent<HTMLFormElement>) => {
    formEvent.preventDefault();
    const formElement = formEvent.currentTarget;
    const form = new FormData(formElement);
    setBusy(true);
    setError(undefined);
    try {
      await api(`/api/v1/events/${event.id}/ticket-types`, 'POST', {
        name: String(form.get('name')).trim(),
        priceCents: readPrice(form, t),
        currency,
        capacity: Number(form.get('capacity')),
        kind,
        ...(kind === 'addon' ? { requiresAdmission: form.get('requiresAdmission') === 'on' } : {}),
      });
      formElement.reset();
      setKind('admission');
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
          <ProductRow key={type.id} eventId={event.id} type={type} editable={!isClosed(event)} onChange={onChange} />
        ))}
      </ul>
      {!isClosed(event) && (
        <form className="add-form" onSubmit={(formEvent) => void add(formEvent)} data-testid="add-ticket-type">
          <h3>{t('types.add')}</h3>
          <fieldset className="choices choices-row">
            <legend>{t('types.kind')}</legend>
            {kinds.map((option) => (
              <label key={option} className={kind === option ? 'choice selected' : 'choice'}>
                <input type="radio" name="kind" value={option} checked={kind === option} onChange={() => setKind(option)} />
                <span>
                  <strong>{t(`types.kind_${option}`)}</strong>
                  <span className="muted">{t(`types.kindExplain_${option}`)}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <div className="grid-3">
            <Field label={t('types.name')} error={problem.fields.name}>
              <input name="name" required maxLength={200} />
            </Field>
            <PriceField currency={currency} error={problem.fields.priceCents} />
            <Field label={t('types.capacity')} error={problem.fields.capacity}>
              <input name="capacity" type="number" min={1} max={1000000} required />
            </Field>
          </div>
          {kind === 'addon' && (
            <div className="field">
              <label className="check">
                <input type="checkbox" name="requiresAdmission" defaultChecked aria-describedby="requires-admission-hint" /> {t('types.requiresAdmission')}
              </label>
              <p className="hint muted" id="requires-admission-hint">{t('types.requiresAdmissionHint')}</p>
            </div>
          )}
          <Field label={t('types.currency')} error={problem.fields.currency}>
            <select name="currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
              {currencies.map((code) => (
                <option key={code}>{code}</option>
              ))}
            </select>
          </Field>
          <ErrorNotice error={problem.form} />
          <button type="submit" disabled={busy}>{t(kind === 'addon' ? 'types.addAddon' : 'types.addButton')}</button>
        </form>
      )}
    </section>
  );
}
