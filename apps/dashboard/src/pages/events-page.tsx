import { useTranslation } from 'react-i18next';
import { useApi } from '../use-api.ts';
import { Link } from '../router.tsx';
import { useMay } from '../session-context.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { CapacityBar } from '../components/capacity-bar.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { SaleOpens } from '../components/sale-opens.tsx';
import { dateTime } from '../format.ts';
import type { OrganizerEvent } from '../types.ts';

export function EventsPage() {
  const { t } = useTranslation();
  const may = useMay();
  // Gate staff land on the gate; everyone else on the overview with sales and reach.
  const home = may('insights.read') ? '' : '/gate';
  const { data, error } = useApi<{ events: OrganizerEvent[] }>('/api/v1/events', 15_000);
  const events = [...(data?.events ?? [])].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return (
    <>
      <div className="row spread">
        <h1>{t('events.title')}</h1>
        {may('events.write') && <Link to="/events/new" className="button" data-testid="new-event">{t('events.new')}</Link>}
      </div>
      <ErrorNotice error={error} />
      {data && events.length === 0 && <p className="notice">{t('events.none')}</p>}
      <ul className="card-list" data-testid="events">
        {events.map((event) => {
          const capacity = event.ticketTypes.reduce((sum, type) => sum + type.capacity, 0);
          const taken = event.ticketTypes.reduce((sum, type) => sum + type.taken, 0);
          return (
            <li key={event.id} className="card">
              <div className="row spread">
                <h2>
                  <Link to={`/events/${event.id}${home}`}>{event.name}</Link>
                </h2>
                <StatusBadge status={event.status} />
              </div>
              <p className="muted">
                {event.venue} · {dateTime(event.startsAt)}
                <SaleOpens event={event} />
              </p>
              {capacity > 0 ? <CapacityBar taken={taken} capacity={capacity} /> : <p className="muted">{t('events.noTypes')}</p>}
            </li>
          );
        })}
      </ul>
    </>
  );
}
