import { useTranslation } from 'react-i18next';
import type { EventStatus } from '../types.ts';

export function StatusBadge({ status }: { status: EventStatus }) {
  const { t } = useTranslation();
  return <span className={`badge status-${status}`} data-testid="event-status">{t(`status.${status}`)}</span>;
}
