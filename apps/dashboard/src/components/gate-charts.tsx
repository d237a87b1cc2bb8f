import { useTranslation } from 'react-i18next';
import { isScanReason, reasonLabels } from '@ticketguard/protocol';
import { TimeChart } from '@ticketguard/web/time-chart.tsx';
import { BarList } from '@ticketguard/web/bar-list.tsx';
import { useApi } from '../use-api.ts';
import { Stat } from './stat.tsx';
import { useMay } from '../session-context.tsx';
import { ErrorNotice } from './error-notice.tsx';
import { count, dateTime } from '../format.ts';
import type { GateStats } from '../types.ts';

interface Duplicates {
  duplicates: { holderRef: string; ticketTypeId: string; scans: { gate: string; scannedAt: string; receivedAt: string }[] }[];
}

/** Entries per minute per gate, refusals by reason and duplicates found at sync, refreshed live. */
export function GateCharts({ eventId }: { eventId: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'nl' ? 'nl' : 'en';
  const { data, error, missing } = useApi<GateStats>(`/api/v1/events/${eventId}/gate-stats`, 5_000, true);
  // The list names holders (by pseudonym), so only staff who manage the gate may read it.
  const mayManage = useMay()('gate.manage');
  const duplicates = useApi<Duplicates>(mayManage ? `/api/v1/events/${eventId}/scan-duplicates` : null, 15_000, true);
  if (missing) return <p className="notice">{t('gate.statsUnavailable')}</p>;

  const minutes = [...new Set((data?.entriesPerMinute ?? []).map((e) => e.minute))].sort();
  const gates = [...new Set((data?.entriesPerMinute ?? []).map((e) => e.gate))].sort();
  const series = gates.map((gate) => ({
    label: gate,
    values: minutes.map((minute) => data!.entriesPerMinute.find((e) => e.minute === minute && e.gate === gate)?.count ?? 0),
  }));
  const x = minutes.map((m) => Date.parse(m) / 1000);
  const now = Math.floor(Date.now() / 1000);
  const xRange: [number, number] = [(x[0] ?? now) - 60, Math.max(now, x[x.length - 1] ?? now) + 60];
  const reasons = Object.entries(data?.refusedByReason ?? {}).sort((a, b) => b[1] - a[1]);

  return (
    <section className="card" aria-labelledby="gate-stats-heading">
      <h2 id="gate-stats-heading">{t('gate.statsTitle')}</h2>
      <ErrorNotice error={error} />
      {data && (
        <div className="stats">
          <Stat label={t('gate.accepted')} value={count(data.accepted)} testId="gate-accepted" />
          <Stat label={t('gate.refused')} value={count(data.refused)} testId="gate-refused" />
          <Stat label={t('gate.duplicates')} value={count(data.duplicates)} hint={t('gate.duplicatesHint')} />
        </div>
      )}
      <h3>{t('gate.perMinute')}</h3>
      {minutes.length === 0 ? (
        <p className="muted">{t('gate.noEntries')}</p>
      ) : (
        <TimeChart title={t('gate.perMinuteChart', { gates: gates.join(', ') })} timeLabel={t('app.time')} valueLabel={t('gate.entriesAxis')} x={x} xRange={xRange} counts series={series} bars={gates.length === 1} testId="entries-chart" />
      )}
      <h3>{t('gate.refusedTitle')}</h3>
      {reasons.length === 0 ? (
        <p className="muted">{t('gate.noRefusals')}</p>
      ) : (
        <BarList title={t('gate.refusedTitle')} bars={reasons.map(([reason, n]) => ({ label: isScanReason(reason) ? reasonLabels[language][reason] : reason, value: n }))} testId="refused-bars" />
      )}
      {duplicates.data && duplicates.data.duplicates.length > 0 && (
        <>
          <h3>{t('gate.duplicateList')}</h3>
          <ul className="plain-list">
            {duplicates.data.duplicates.map((d) => (
              <li key={d.holderRef + d.scans[0]?.scannedAt}>
                <code>{d.holderRef.slice(0, 12)}</code>{' '}
                {d.scans.map((s) => t('gate.duplicateScan', { gate: s.gate, at: dateTime(s.scannedAt) })).join(' · ')}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
