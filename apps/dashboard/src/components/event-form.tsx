import { useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Field } from './field.tsx';
import { ErrorNotice } from './error-notice.tsx';
import { SaleOpeningFields, explainOpeningError, openingInput, openingOf, type OpeningInput } from './sale-opening.tsx';
import { InputProblem, explainError, noProblem } from '../errors.ts';
import { fromLocalInput, hundredthsInput, parseHundredths, toLocalInput } from '../format.ts';
import type { OrganizerEvent, TransferMode } from '../types.ts';

export interface EventInput extends OpeningInput {
  name: string;
  venue: string;
  description: string;
  startsAt: string;
  endsAt: string;
  doorsAt?: string;
  vatBasisPoints: number | null;
  transferPolicy: { mode: TransferMode; maxTransfers?: number };
  maxTicketsPerAccount?: number;
}

const modes: TransferMode[] = ['none', 'limited', 'exchange'];

/** The request fields the form shows, where a refusal of one of them is said. */
const eventFields = ['name', 'venue', 'description', 'startsAt', 'endsAt', 'doorsAt', 'vatBasisPoints', 'transferPolicy.maxTransfers', 'maxTicketsPerAccount'];

/** The VAT rate as typed ("9", "21", "9,5") in basis points; empty is no VAT. */
function readVat(text: string, t: TFunction) {
  if (!text) return null;
  const basisPoints = parseHundredths(text);
  if (basisPoints === undefined) throw new InputProblem('vatBasisPoints', t('eventForm.vatUnreadable'));
  return basisPoints;
}

/**
 * The event's details as buyers see them, and its anti-scalping rules. Each choice says in plain words
 * what it does to scalping, because the organizer picks between flexibility for visitors and resistance
 * to resale.
 */
export function EventForm({ event, submitLabel, onSubmit }: { event?: OrganizerEvent; submitLabel: string; onSubmit: (input: EventInput) => Promise<void> }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<TransferMode>(event?.transferPolicy.mode ?? 'none');
  const [opening, setOpening] = useState(() => openingOf(event));
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // A refused opening is said by the opening's fields; anything else at its field, or under the form.
  const openingProblem = explainOpeningError(error, t);
  const problem = openingProblem ? noProblem : explainError(error, t, eventFields);

  const submit = async (formEvent: FormEvent<HTMLFormElement>) => {
    formEvent.preventDefault();
    const form = new FormData(formEvent.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const limit = text('maxTicketsPerAccount');
    setBusy(true);
    setError(undefined);
    try {
      const input: EventInput = {
        name: text('name'),
        venue: text('venue'),
        description: text('description'),
        startsAt: fromLocalInput(text('startsAt'))!,
        endsAt: fromLocalInput(text('endsAt'))!,
        vatBasisPoints: readVat(text('vat'), t),
        transferPolicy: mode === 'limited' ? { mode, maxTransfers: Number(text('maxTransfers') || 1) } : { mode },
        ...openingInput(opening, event),
      };
      const doorsAt = fromLocalInput(text('doorsAt'));
      if (doorsAt) input.doorsAt = doorsAt;
      if (limit) input.maxTicketsPerAccount = Number(limit);
      await onSubmit(input);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={(formEvent) => void submit(formEvent)} data-testid="event-form">
      <Field label={t('eventForm.name')} error={problem.fields.name}>
        <input name="name" required maxLength={200} defaultValue={event?.name} />
      </Field>
      <Field label={t('eventForm.venue')} error={problem.fields.venue}>
        <input name="venue" required maxLength={200} defaultValue={event?.venue} />
      </Field>
      <Field label={t('eventForm.description')} hint={t('eventForm.descriptionHint')} error={problem.fields.description}>
        <textarea name="description" rows={5} maxLength={5000} defaultValue={event?.description} />
      </Field>
      <div className="grid-3">
        <Field label={t('eventForm.doorsAt')} error={problem.fields.doorsAt}>
          <input name="doorsAt" type="datetime-local" defaultValue={toLocalInput(event?.doorsAt)} />
        </Field>
        <Field label={t('eventForm.startsAt')} error={problem.fields.startsAt}>
          <input name="startsAt" type="datetime-local" required defaultValue={toLocalInput(event?.startsAt)} />
        </Field>
        <Field label={t('eventForm.endsAt')} error={problem.fields.endsAt}>
          <input name="endsAt" type="datetime-local" required defaultValue={toLocalInput(event?.endsAt)} />
        </Field>
      </div>
      <Field label={t('eventForm.vat')} unit="%" hint={t('eventForm.vatHint')} error={problem.fields.vatBasisPoints}>
        <input name="vat" inputMode="decimal" autoComplete="off" defaultValue={event?.vatBasisPoints === null || event?.vatBasisPoints === undefined ? '' : hundredthsInput(event.vatBasisPoints, 0)} />
      </Field>
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
        <Field label={t('eventForm.maxTransfers')} hint={t('eventForm.maxTransfersHint')} error={problem.fields['transferPolicy.maxTransfers']}>
          <input name="maxTransfers" type="number" min={1} max={100} defaultValue={event?.transferPolicy.maxTransfers ?? 2} />
        </Field>
      )}
      <Field label={t('eventForm.maxPerAccount')} hint={t('eventForm.maxPerAccountHint')} error={problem.fields.maxTicketsPerAccount}>
        <input name="maxTicketsPerAccount" type="number" min={1} max={1000} defaultValue={event?.maxTicketsPerAccount ?? 6} />
      </Field>
      <SaleOpeningFields opening={opening} onChange={(next) => (setOpening(next), openingProblem && setError(undefined))} problem={openingProblem} />
      <ErrorNotice error={problem.form} />
      <button type="submit" disabled={busy}>{submitLabel}</button>
    </form>
  );
}
