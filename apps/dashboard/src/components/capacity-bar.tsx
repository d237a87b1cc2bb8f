import { useTranslation } from 'react-i18next';
import { count } from '../format.ts';

/** Sold (and held) against capacity, as a bar with the numbers in its text. */
export function CapacityBar({ taken, capacity }: { taken: number; capacity: number }) {
  const { t } = useTranslation();
  const share = capacity > 0 ? Math.min(1, taken / capacity) : 0;
  return (
    <div className="capacity">
      <span className="capacity-track" aria-hidden="true">
        <span className="capacity-fill" style={{ width: `${share * 100}%` }} />
      </span>
      <span className="muted">{t('events.taken', { taken: count(taken), capacity: count(capacity) })}</span>
    </div>
  );
}
