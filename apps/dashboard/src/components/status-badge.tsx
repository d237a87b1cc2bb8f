import { useTranslation } from 'react-i18next';
import type { EventStatus } from '../types.ts';

/**
 * A status as a pill, coloured by its class (status-on_sale, status-failed, ...). An event's status
 * by default; anything else (a refund) brings its own words and test id.
 */
export function StatusBadge({ status, label, testId = 'event-status' }: { status: EventStatus | (string & {}); label?: string; testId?: string }) {
  const { t } = useTranslation();
  return <span className={`badge status-${status}`} data-testid={testId}>{label ?? t(`status.${status}`)}</span>;
}
