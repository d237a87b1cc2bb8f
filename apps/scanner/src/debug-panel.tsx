import { useTranslation } from 'react-i18next';
import { clockOffsetMs } from '@ticketguard/web/server-clock.ts';
import type { Snapshot } from './scanner-store.ts';
import { store } from './scanner-store.ts';

/**
 * The diagnostics, inside the settings: how fast decisions are, how far the clock is off, what the pack
 * holds. Numbers for whoever supports the gate; the scan screen and the verdicts show none of them.
 */
export function DebugPanel({ snapshot }: { snapshot: Snapshot }) {
  const { t } = useTranslation();
  const rows: [string, string | number, string][] = [
    [t('debug.last'), snapshot.timings.last.toFixed(2), 'decision-ms'],
    [t('debug.p95'), snapshot.timings.p95.toFixed(2), 'decision-p95'],
    [t('debug.count'), snapshot.timings.count, 'decision-count'],
    [t('debug.clock'), clockOffsetMs(), 'clock-offset'],
    [t('debug.cursor'), snapshot.pack?.cursor ?? '', 'pack-cursor'],
    [t('debug.subjects'), snapshot.pack?.subjects ?? 0, 'pack-subjects'],
    [t('debug.window'), store.gateState?.windowSeconds ?? '', 'pack-window'],
  ];
  return (
    <details className="debug" data-testid="debug">
      <summary>{t('debug.title')}</summary>
      <dl className="debug-list">
        {rows.map(([label, value, testId]) => (
          <div key={testId} className="row">
            <dt>{label}</dt>
            <dd data-testid={testId}>{value}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
