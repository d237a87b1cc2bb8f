import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BarList } from '@ticketguard/web/bar-list.tsx';
import { useApi } from '../use-api.ts';
import { download } from '../api-client.ts';
import { EventFrame } from '../components/event-frame.tsx';
import { SalesCharts } from '../components/sales-charts.tsx';
import { SalesLink } from '../components/sales-link.tsx';
import { Stat } from '../components/stat.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { CapacityBar } from '../components/capacity-bar.tsx';
import { count, money, percent } from '../format.ts';
import type { Insights, OrganizerEvent } from '../types.ts';

/** The event at a glance: where buyers find it, reach (the number account-based ticketing exists to raise), then sales. */
export function EventOverviewPage({ eventId }: { eventId: string }) {
  return <EventFrame eventId={eventId}>{(event) => <Overview event={event} />}</EventFrame>;
}

function Overview({ event }: { event: OrganizerEvent }) {
  const { t } = useTranslation();
  const { data: insights, error } = useApi<Insights>(`/api/v1/events/${event.id}/insights`, 5_000);
  const currency = event.ticketTypes[0]?.currency ?? 'EUR';
  // Add-ons (parking, lockers) count apart from tickets: shown once the event sells any.
  const addons = insights && (insights.addons.sold > 0 || event.ticketTypes.some((type) => type.kind === 'addon')) ? insights.addons : undefined;
  return (
    <>
      <SalesLink event={event} />
      <ErrorNotice error={error} />
      {insights && (
        <section className="card reach" aria-labelledby="reach-heading">
          <h2 id="reach-heading" className="visually-hidden">{t('overview.reachTitle')}</h2>
          <div className="stats">
            <Stat big label={t('overview.reachRate')} value={insights.ticketsSold ? percent(insights.reachRate) : '–'} hint={t('overview.reachHint')} testId="reach-rate" />
            <Stat label={t('overview.ticketsSold')} value={count(insights.ticketsSold)} testId="tickets-sold" />
            <Stat label={t('overview.revenue')} value={money(insights.revenueCents, currency)} hint={addons ? t('addons.revenueHint') : undefined} testId="revenue" />
            <Stat label={t('overview.held')} value={count(insights.seatsHeld)} hint={t('overview.heldHint')} testId="seats-held" />
            <Stat label={t('overview.checkedIn')} value={count(insights.checkedIn)} />
          </div>
          {addons && (
            <div className="stats">
              <Stat label={t('addons.sold')} value={count(addons.sold)} testId="addons-sold" />
              <Stat label={t('addons.revenue')} value={money(addons.revenueCents, currency)} testId="addons-revenue" />
              <Stat label={t('addons.buyers')} value={count(addons.buyers)} testId="addons-buyers" />
            </div>
          )}
          <BarList
            title={t('overview.reachBars')}
            testId="reach-bars"
            bars={[
              { label: t('overview.tickets'), value: insights.ticketsSold },
              { label: t('overview.holders'), value: insights.ticketHolders },
              { label: t('overview.buyers'), value: insights.buyers },
            ]}
          />
          <p className="muted">{t('overview.reachExplain')}</p>
        </section>
      )}
      <SalesCharts event={event} />
      {insights && insights.ticketTypes.length > 0 && (
        <section className="card" aria-labelledby="per-type-heading">
          <h2 id="per-type-heading">{t('overview.perType')}</h2>
          <ul className="plain-list">
            {insights.ticketTypes.map((type) => (
              <li key={type.id}>
                <strong>{type.name}</strong>
                {type.kind === 'addon' && <> <span className="badge kind-addon">{t('types.kind_addon')}</span></>}
                <CapacityBar taken={type.sold + type.held} capacity={type.capacity} />
                <span className="muted">{t('overview.typeLine', { sold: type.sold, held: type.held, available: type.available })}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <Exports eventId={event.id} />
    </>
  );
}

function Exports({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  const get = (file: 'orders' | 'check-ins') =>
    download(`/api/v1/events/${eventId}/${file}.csv`, `${file}-${eventId.slice(0, 8)}.csv`).then(() => setError(undefined), setError);
  return (
    <section className="card" aria-labelledby="export-heading">
      <h2 id="export-heading">{t('overview.exportTitle')}</h2>
      <div className="row">
        <button type="button" className="secondary" onClick={() => void get('orders')} data-testid="export-orders">{t('overview.exportOrders')}</button>
        <button type="button" className="secondary" onClick={() => void get('check-ins')} data-testid="export-checkins">{t('overview.exportCheckIns')}</button>
      </div>
      <ErrorNotice error={error} />
    </section>
  );
}
