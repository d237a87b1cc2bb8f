import { useTranslation } from 'react-i18next';
import type { Duplicate } from './gate-api.ts';
import { timeOf } from './verdict.tsx';

/**
 * Tickets that got in twice: two gates each admitted them offline, and the sync revealed it. Shown on
 * every scanner involved, so the staff can look for the second visitor while they are still close.
 */
export function Duplicates({ duplicates }: { duplicates: readonly Duplicate[] }) {
  const { t, i18n } = useTranslation();
  if (duplicates.length === 0) return null;
  return (
    <section className="card duplicates" role="alert" aria-labelledby="duplicates-title" data-testid="duplicates">
      <h2 id="duplicates-title">{t('duplicates.title')}</h2>
      <p>{t('duplicates.intro')}</p>
      <ul>
        {duplicates.map((d) => (
          <li key={d.subjectId} data-testid="duplicate" data-subject-id={d.subjectId}>
            <strong>{t('duplicates.ticket', { id: d.subjectId.slice(0, 8) })}</strong>
            <ul>
              {d.scans.map((s) => (
                <li key={s.scanId}>{t('duplicates.scan', { time: timeOf(s.scannedAt, i18n.language), gate: s.gate })}</li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
