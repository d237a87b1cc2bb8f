import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, type Loaded } from '../use-api.ts';
import { Link } from '../router.tsx';
import { StatusBadge } from './status-badge.tsx';
import { ErrorNotice } from './error-notice.tsx';
import { dateTime } from '../format.ts';
import type { OrganizerEvent } from '../types.ts';

const tabs = [
  ['', 'overview'],
  ['/setup', 'setup'],
  ['/gate', 'gate'],
  ['/messages', 'messages'],
  ['/holders', 'holders'],
  ['/vouchers', 'vouchers'],
] as const;

/** The heading and tabs every screen of one event shares; the screen gets the loaded event. */
export function EventFrame({ eventId, children }: { eventId: string; children: (event: OrganizerEvent, loaded: Loaded<OrganizerEvent>) => ReactNode }) {
  const { t } = useTranslation();
  const loaded = useApi<OrganizerEvent>(`/api/v1/events/${eventId}`);
  const event = loaded.data;
  return (
    <>
      <div className="event-head">
        <div className="row spread">
          <h1 data-testid="event-name">{event?.name ?? '…'}</h1>
          {event && <StatusBadge status={event.status} />}
        </div>
        {event && (
          <p className="muted">
            {event.venue} · {dateTime(event.startsAt)}
          </p>
        )}
        <nav className="tabs" aria-label={t('tabs.label')}>
          {tabs.map(([suffix, key]) => (
            <Link key={key} to={`/events/${eventId}${suffix}`} data-testid={`tab-${key}`}>
              {t(`tabs.${key}`)}
            </Link>
          ))}
        </nav>
      </div>
      <ErrorNotice error={loaded.error} />
      {event && children(event, loaded)}
    </>
  );
}
