import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from './field.tsx';
import { ErrorNotice } from './error-notice.tsx';
import { SaleOpeningFields, explainOpeningError, openingInput, openingOf, type OpeningInput } from './sale-opening.tsx';
import { fromLocalInput, toLocalInput } from '../format.ts';
import type { OrganizerEvent, TransferMode } from '../types.ts';

export interface EventInput extends OpeningInput {
  name: string;
  venue: string;
  startsAt: string;
  endsAt: string;
  doorsAt?: string;
  transferPolicy: { mode: TransferMode; maxTransfers?: number };
  maxTicketsPerAccount?: number;
}

const modes: TransferMode[] = ['none', 'limited', 'exchange'];

/**
 * The event's details and its anti-scalping rules. Each choice says in plain words what it does to
 * scalping, because the organizer picks between flexibility for visitors and resistance to resale.
 */
export function EventForm({ event, submitLabel, onSubmit }: { event?: OrganizerEvent; submitLabel: string; onSubmit: (input: EventInput) => Promise<void> }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<TransferMode>(event?.transferPolicy.mode ?? 'none');
  const [opening, setOpening] = useState(() => openingOf(event));
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // A refused opening is said at its field; anything else under the form.
  const problem = explainOpeningError(error, t);

  const submit = async (formEvent: FormEvent<HTMLFormElement>) => {
    formEvent.preventDefault();
    const form = new FormData(formEvent.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const limit = text('maxTicketsPerAccount');
    const input: EventInput = {
      name: text('name'),
      venue: text('venue'),
      startsAt: fromLocalInput(text('startsAt'))!,
      endsAt: fromLocalInput(text('endsAt'))!,
      transferPolicy: mode === 'limited' ? { mode, maxTransfers: Number(text('maxTransfers') || 1) } : { mode },
      ...openingInput(opening, event),
    };
    const doorsAt = fromLocalInput(text('doorsAt'));
    if (doorsAt) input.doorsAt = doorsAt;
    if (limit) input.maxTicketsPerAccount = Number(limit);
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit(input);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={(formEvent) => void submit(formEvent)} data-testid="event-form">
      <Field label={t('eventForm.name')}>
        <input name="name" required maxLength={200} defaultValue={event?.name} />
      </Field>
      <Field label={t('eventForm.venue')}>
        <input name="venue" required maxLength={200} defaultValue={event?.venue} />
      </Field>
      <div className="grid-3">
        <Field label={t('eventForm.startsAt')}>
          <input name="startsAt" type="datetime-local" required defaultValue={toLocalInput(event?.startsAt)} />
        </Field>
        <Field label={t('eventForm.endsAt')}>
          <input name="endsAt" type="datetime-local" required defaultValue={toLocalInput(event?.endsAt)} />
        </Field>
        <Field label={t('eventForm.doorsAt')}>
          <input name="doorsAt" type="datetime-local" defaultValue={toLocalInput(event?.doorsAt)} />
        </Field>
      </div>
      <fieldset className="choices">
        <legend>{t('eventForm.policy')}</legend>
        {modes.map((option) => (
          <label key={option} className={mode === option ? 'choice selected' : 'choice'}>
            <input type="radio" name="mode" value={option} checked={mode === option} onChange={() => setMode(option)} />
            <span>
              <strong>{t(`policy.${option}.title`)}</strong>
              <span className="muted">{t(`policy.${option}.explain`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {mode === 'limited' && (
        <Field label={t('eventForm.maxTransfers')} hint={t('eventForm.maxTransfersHint')}>
          <input name="maxTransfers" type="number" min={1} max={100} defaultValue={event?.transferPolicy.maxTransfers ?? 2} />
        </Field>
      )}
      <Field label={t('eventForm.maxPerAccount')} hint={t('eventForm.maxPerAccountHint')}>
        <input name="maxTicketsPerAccount" type="number" min={1} max={1000} defaultValue={event?.maxTicketsPerAccount ?? 6} />
      </Field>
      <SaleOpeningFields opening={opening} onChange={(next) => (setOpening(next), problem && setError(undefined))} problem={problem} />
      <ErrorNotice error={problem ? undefined : error} />
      <button type="submit" disabled={busy}>{submitLabel}</button>
    </form>
  );
}
