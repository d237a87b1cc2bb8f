import './charts.css';

export interface Bar {
  label: string;
  /** null: a group too small to show (k-anonymity); drawn hatched with `suppressedText`. */
  value: number | null;
}

export interface BarListProps {
  title: string;
  bars: Bar[];
  format?: (value: number) => string;
  suppressedText?: string;
  testId?: string;
}

/**
 * A horizontal bar chart of counts by category (refusal reasons, events per visitor). Each bar is a
 * list item whose text carries the label and the number, so the chart reads the same without eyes.
 */
export function BarList({ title, bars, format = String, suppressedText = '< 10', testId }: BarListProps) {
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0));
  return (
    <ul className="bar-list" aria-label={title} data-testid={testId}>
      {bars.map((bar) => (
        <li key={bar.label}>
          <span className="bar-label">{bar.label}</span>
          <span className="bar-track" aria-hidden="true">
            <span
              className={bar.value === null ? 'bar-fill suppressed' : 'bar-fill'}
              style={bar.value === null ? undefined : { width: `${(bar.value / max) * 100}%` }}
            />
          </span>
          <span className="bar-value">{bar.value === null ? suppressedText : format(bar.value)}</span>
        </li>
      ))}
    </ul>
  );
}
