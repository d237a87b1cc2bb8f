import type { ReactNode } from 'react';

/** A headline number with its label; `testId` lets tests read the figure a person sees. */
export function Stat({ label, value, hint, testId, big = false }: { label: string; value: ReactNode; hint?: ReactNode; testId?: string; big?: boolean }) {
  return (
    <div className={big ? 'stat big' : 'stat'}>
      <span className="stat-label">{label}</span>
      <span className="stat-value" data-testid={testId}>
        {value}
      </span>
      {hint && <span className="stat-hint muted">{hint}</span>}
    </div>
  );
}
