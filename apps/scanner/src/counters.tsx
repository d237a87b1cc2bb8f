import { useTranslation } from 'react-i18next';
import { reasonLabels, type ScanReason } from '@ticketguard/protocol';
import { useNow } from '@ticketguard/web/use-now.ts';
import type { ScanRecord } from './local-db.ts';
import type { Snapshot } from './scanner-store.ts';
import { labelLanguage } from './verdict.tsx';

const chartMinutes = 30;

const isEntry = (scan: ScanRecord) => scan.localVerdict === 'accepted' && scan.direction !== 'out';
const isExit = (scan: ScanRecord) => scan.localVerdict === 'accepted' && scan.direction === 'out';

/** Entries (this device's admissions) per minute over the last half hour, oldest first. */
function perMinute(snapshot: Snapshot, now: number) {
  const bins = new Array<number>(chartMinutes).fill(0);
  const currentMinute = Math.floor(now / 60_000);
  for (const scan of snapshot.scans) {
    if (!isEntry(scan)) continue;
    // A scan stamped a moment ahead (stamps never run backwards) belongs to the minute now shown.
    const age = Math.max(0, currentMinute - Math.floor(Date.parse(scan.scannedAt) / 60_000));
    if (age < chartMinutes) bins[chartMinutes - 1 - age]! += 1;
  }
  return bins;
}

function Chart({ bins }: { bins: number[] }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...bins);
  const total = bins.reduce((a, b) => a + b, 0);
  const width = 300;
  const height = 64;
  const bar = width / bins.length;
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={t('counters.chart', { count: total, max: Math.max(...bins) })} data-testid="entries-chart" preserveAspectRatio="none">
      <line x1="0" y1={height - 0.5} x2={width} y2={height - 0.5} className="chart-axis" />
      {bins.map((count, i) => {
        const h = (count / max) * (height - 4);
        return <rect key={i} x={i * bar + 1} y={height - 1 - h} width={bar - 2} height={h} className="chart-bar" />;
      })}
    </svg>
  );
}

function age(ms: number, t: (key: string, options: { count: number }) => string) {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return seconds < 120 ? t('counters.seconds', { count: seconds }) : t('counters.minutes', { count: Math.round(seconds / 60) });
}

/** What gate staff and their supervisor glance at: in, out, refused and why, the flow, and how fresh the data is. */
export function Counters({ snapshot }: { snapshot: Snapshot }) {
  const { t, i18n } = useTranslation();
  const now = useNow(5000);
  const admitted = snapshot.scans.filter(isEntry).length;
  const refused = new Map<ScanReason, number>();
  for (const scan of snapshot.scans) if (scan.reason) refused.set(scan.reason, (refused.get(scan.reason) ?? 0) + 1);
  const refusedTotal = [...refused.values()].reduce((a, b) => a + b, 0);
  const queue = snapshot.scans.filter((s) => !s.uploaded).length;
  const packAge = snapshot.pack ? now - Date.parse(snapshot.pack.refreshedAt) : 0;
  const language = labelLanguage(i18n.language);
  const tiles: [string, string | number, string][] = [
    [t('counters.admitted'), admitted, 'count-admitted'],
    [t('counters.exits'), snapshot.scans.filter(isExit).length, 'count-exits'],
    [t('counters.refused'), refusedTotal, 'count-refused'],
    [t('counters.queue'), queue, 'count-queue'],
    [t('counters.packAge'), age(packAge, t), 'pack-age'],
    [t('counters.duplicates'), snapshot.duplicates.length, 'count-duplicates'],
  ];
  return (
    <section className="card counters" aria-labelledby="counters-title">
      <h2 id="counters-title">{t('counters.title')}</h2>
      <dl className="tiles">
        {tiles.map(([label, value, testId]) => (
          <div key={testId} className={`tile ${testId === 'count-duplicates' && snapshot.duplicates.length > 0 ? 'tile-alert' : ''}`}>
            <dt>{label}</dt>
            <dd data-testid={testId}>{value}</dd>
          </div>
        ))}
      </dl>
      <h3 className="small-heading">{t('counters.perMinute')}</h3>
      <Chart bins={perMinute(snapshot, now)} />
      <div className="chart-labels" aria-hidden="true">
        <span>−30 min</span>
        <span>{t('counters.now')}</span>
      </div>
      <h3 className="small-heading">{t('counters.byReason')}</h3>
      {refused.size === 0 ? (
        <p className="muted">{t('counters.none')}</p>
      ) : (
        <ul className="reasons" data-testid="refused-by-reason">
          {[...refused].sort((a, b) => b[1] - a[1]).map(([reason, count]) => (
            <li key={reason} data-reason={reason}>
              <span>{reasonLabels[language][reason]}</span> <strong>{count}</strong>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
