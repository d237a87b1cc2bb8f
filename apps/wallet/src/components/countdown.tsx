import { formatCountdown } from '../lib/format.ts';

/**
 * Time left, as a clock shows it ("9:05"), beside its label. The clock itself is not read out every
 * second; `lastMinute` is, once, when one minute is left.
 */
export function Countdown({ label, left, lastMinute, testId }: { label: string; left: number; lastMinute: string; testId: string }) {
  return (
    <>
      <p className="countdown">
        {label} <span role="timer" data-testid={testId}>{formatCountdown(left)}</span>
      </p>
      <p className="visually-hidden" role="status">{left <= 60_000 ? lastMinute : ''}</p>
    </>
  );
}
