import { cloneElement, useEffect, useId, type ReactElement, type ReactNode } from 'react';

/**
 * A labelled input: the label names the control, and the hint and any error are read with it
 * (aria-describedby), so a screen reader hears what went wrong when the control gets focus. A new
 * error takes the focus there, so the field can be corrected at once. A unit (a currency, "%") is
 * shown beside the control and named in its label.
 */
export function Field({ label, hint, error, unit, children }: { label: ReactNode; hint?: ReactNode; error?: ReactNode; unit?: string; children: ReactElement<Record<string, unknown>> }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  useEffect(() => {
    if (error) document.getElementById(id)?.focus();
  }, [error, id]);
  const control = cloneElement(children, { id, 'aria-describedby': describedBy, ...(error ? { 'aria-invalid': true } : {}) });
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {unit && <span className="visually-hidden"> ({unit})</span>}
      </label>
      {unit ? (
        <div className="with-unit">
          {control}
          <span className="unit" aria-hidden="true">{unit}</span>
        </div>
      ) : (
        control
      )}
      {error && (
        <p className="error field-error" id={errorId}>
          {error}
        </p>
      )}
      {hint && (
        <p className="hint muted" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}
