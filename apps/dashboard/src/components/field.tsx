import { cloneElement, useId, type ReactElement, type ReactNode } from 'react';

/** A labelled input: the label names the control and the hint is read with it (aria-describedby). */
export function Field({ label, hint, children }: { label: ReactNode; hint?: ReactNode; children: ReactElement<Record<string, unknown>> }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id, 'aria-describedby': hintId })}
      {hint && (
        <p className="hint muted" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}
