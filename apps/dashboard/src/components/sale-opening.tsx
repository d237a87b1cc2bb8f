import { useId } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api-client.ts';
import { Field } from './field.tsx';
import { PaceFields, admitPerMinute, paceOf, type Pace } from './pace-fields.tsx';
import { fromLocalInput, toLocalInput } from '../format.ts';
import type { OrganizerEvent } from '../types.ts';

/** The opening as the form holds it: the time as typed (to the second) and the waiting room's settings. */
export interface Opening {
  onSaleAt: string;
  room: boolean;
  pace: Pace;
}

export interface OpeningInput {
  onSaleAt?: string | null;
  waitingRoom?: { enabled: boolean; admitPerMinute: number | null };
}

export const openingOf = (event?: OrganizerEvent): Opening => ({
  onSaleAt: toLocalInput(event?.onSaleAt, true),
  room: event?.waitingRoom?.enabled ?? false,
  pace: paceOf(event?.waitingRoom?.admitPerMinute),
});

/**
 * What the request sends of the opening: only what changed against the event, so saving other details
 * neither moves an opening set to the second by the API nor undoes a pace changed live since the form opened.
 */
export function openingInput(opening: Opening, event?: OrganizerEvent): OpeningInput {
  const before = openingOf(event);
  const input: OpeningInput = {};
  if (opening.onSaleAt !== before.onSaleAt) input.onSaleAt = fromLocalInput(opening.onSaleAt) ?? null;
  const room = { enabled: opening.room, admitPerMinute: opening.room ? admitPerMinute(opening.pace) : (event?.waitingRoom?.admitPerMinute ?? null) };
  if (room.enabled !== before.room || (room.enabled && room.admitPerMinute !== (event?.waitingRoom?.admitPerMinute ?? null))) input.waitingRoom = room;
  return input;
}

export interface OpeningProblem {
  onSaleAt?: string;
  pace?: string;
}

/** A refusal about the opening in the organizer's words, at its field; undefined for anything else. */
export function explainOpeningError(error: unknown, t: TFunction): OpeningProblem | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.code === 'invalid_state' && error.message.includes('onSaleAt')) return { onSaleAt: t('opening.errors.drawn') };
  if (error.code !== 'invalid_request') return undefined;
  if (error.message.includes('admitPerMinute')) return { pace: t('opening.errors.pace') };
  if (error.message.includes('onSaleAt must be before endsAt')) return { onSaleAt: t('opening.errors.afterEnd') };
  return undefined;
}

/** The form's part on when the sale opens and whether a waiting room lets people in, each choice explained. */
export function SaleOpeningFields({ opening, onChange, problem }: { opening: Opening; onChange: (opening: Opening) => void; problem?: OpeningProblem }) {
  const { t } = useTranslation();
  const hintId = useId();
  return (
    <>
      <Field label={t('opening.onSaleAt')} hint={t('opening.onSaleAtHint')} error={problem?.onSaleAt}>
        <input type="datetime-local" step={1} value={opening.onSaleAt} onChange={(e) => onChange({ ...opening, onSaleAt: e.target.value })} data-testid="on-sale-at" />
      </Field>
      <fieldset data-testid="waiting-room-settings">
        <legend>{t('opening.roomTitle')}</legend>
        <div className="field">
          <label className="check">
            <input type="checkbox" checked={opening.room} onChange={(e) => onChange({ ...opening, room: e.target.checked })} aria-describedby={hintId} /> {t('opening.enabled')}
          </label>
          <p className="hint muted" id={hintId}>{t('opening.enabledHint')}</p>
        </div>
        {opening.room && <PaceFields name="form-pace" pace={opening.pace} onChange={(pace) => onChange({ ...opening, pace })} error={problem?.pace} />}
      </fieldset>
    </>
  );
}
