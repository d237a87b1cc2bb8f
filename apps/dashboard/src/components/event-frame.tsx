import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, type Loaded } from '../use-api.ts';
import { Link } from '../router.tsx';
import { useMay } from '../session-context.tsx';
import { StatusBadge } from './status-badge.tsx';
import { ErrorNotice } from './error-notice.tsx';
import { SaleOpens } from './sale-opens.tsx';
import { dateTime } from '../format.ts';
import type { OrganizerEvent } from '../types.ts';

/**
 * Each tab with the permissions that open it, so gate staff see the gate and nothing about money or
 * holders; the waiting room's tab only for an event that sells through one.
 */
const tabs: [suffix: string, key: string, needs: string[], shows?: (event: OrganizerEvent) => boolean][] = [
  ['', 'overview', ['insights.read']],
  ['/setup', 'setup', ['events.write']],
  ['/gate', 'gate', ['gate.manage', 'gate.stats']],
  ['/lists', 'lists', ['gate.manage', 'gate.stats']],
  ['/messages', 'messages', ['messages.send']],
  ['/holders', 'holders', ['holders.read']],
  ['/vouchers', 'vouchers', ['insights.read']],
  ['/payments', 'payments', ['refunds.read']],
  ['/waiting-room', 'waitingRoom', ['insights.read'], (event) => event.waitingRoom?.enabled === true],
];

/** The heading and tabs every screen of one event shares; the screen gets the loaded event. */
export function EventFrame({ eventId, children }: { eventId: string; children: (event: OrganizerEvent, loaded: Loaded<OrganizerEvent>) => ReactNode }) {
  const { t } = useTranslation();
  const may = useMay();
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
            <SaleOpens event={event} />
          </p>
        )}
        <nav className="tabs" aria-label={t('tabs.label')}>
          {tabs.filter(([, , needs, shows]) => may(...needs) && (!shows || (event && shows(event)))).map(([suffix, key]) => (
            <Link key={key} to={`/events/${eventId}${suffix}`} data-testid={`tab-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`}>
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
