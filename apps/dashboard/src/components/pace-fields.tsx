import { useTranslation } from 'react-i18next';
import { Field } from './field.tsx';

/** A waiting room's pace as a form holds it: automatic, or a number per minute (as typed). */
export interface Pace {
  auto: boolean;
  perMinute: string;
}

export const paceOf = (admitPerMinute: number | null | undefined): Pace => ({ auto: !admitPerMinute, perMinute: admitPerMinute ? String(admitPerMinute) : '60' });

/** The API's admitPerMinute: null lets the room pace itself. */
export const admitPerMinute = (pace: Pace) => (pace.auto ? null : Number(pace.perMinute));

/**
 * The choice between automatic pacing and a set number per minute, each with what it does; the
 * number only for the latter. Used where the room is set up and where its pace changes live.
 */
export function PaceFields({ pace, onChange, error, name }: { pace: Pace; onChange: (pace: Pace) => void; error?: string; name: string }) {
  const { t } = useTranslation();
  return (
    <fieldset className="choices">
      <legend>{t('pace.legend')}</legend>
      {([true, false] as const).map((auto) => (
        <label key={String(auto)} className={pace.auto === auto ? 'choice selected' : 'choice'}>
          <input type="radio" name={name} checked={pace.auto === auto} onChange={() => onChange({ ...pace, auto })} />
          <span>
            <strong>{t(auto ? 'pace.auto' : 'pace.fixed')}</strong>
            <span className="muted">{t(auto ? 'pace.autoExplain' : 'pace.fixedExplain')}</span>
          </span>
        </label>
      ))}
      {!pace.auto && (
        <Field label={t('pace.perMinute')} error={error}>
          <input type="number" min={1} max={100_000} required value={pace.perMinute} onChange={(e) => onChange({ ...pace, perMinute: e.target.value })} />
        </Field>
      )}
    </fieldset>
  );
}
