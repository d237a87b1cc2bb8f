import { cloneElement, useId, type ReactElement, type ReactNode } from 'react';

/**
 * A labelled input: the label names the control, and the hint and any error are read with it
 * (aria-describedby), so a screen reader hears what went wrong when the control gets focus.
 */
export function Field({ label, hint, error, children }: { label: ReactNode; hint?: ReactNode; error?: ReactNode; children: ReactElement<Record<string, unknown>> }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id, 'aria-describedby': describedBy, ...(error ? { 'aria-invalid': true } : {}) })}
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
