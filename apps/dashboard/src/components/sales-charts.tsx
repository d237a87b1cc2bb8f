import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TimeChart } from '@ticketguard/web/time-chart.tsx';
import { useApi } from '../use-api.ts';
import { Field } from './field.tsx';
import { ErrorNotice } from './error-notice.tsx';
import { money } from '../format.ts';
import type { OrganizerEvent, Sales } from '../types.ts';

/** Tickets sold over time (running totals, one line per ticket type) and revenue per bucket, refreshed live. */
export function SalesCharts({ event }: { event: OrganizerEvent }) {
  const { t } = useTranslation();
  const [bucket, setBucket] = useState<'minute' | 'hour' | 'day'>('hour');
  const { data, error, missing } = useApi<Sales>(`/api/v1/events/${event.id}/sales?bucket=${bucket}`, 5_000, true);
  if (missing) return <p className="notice">{t('overview.salesUnavailable')}</p>;

  const buckets = [...(data?.buckets ?? [])].sort((a, b) => a.at.localeCompare(b.at));
  const x = buckets.map((b) => Date.parse(b.at) / 1000);
  const running = new Map<string, number>();
  const perType = event.ticketTypes.map((type) => ({
    label: type.name,
    values: buckets.map((b) => {
      const total = (running.get(type.id) ?? 0) + (b.byType[type.id] ?? 0);
      running.set(type.id, total);
      return total;
    }),
  }));
  let all = 0;
  const total = { label: t('overview.allTypes'), values: buckets.map((b) => (all += b.tickets)) };
  const currency = data?.currency ?? event.ticketTypes[0]?.currency ?? 'EUR';
  // The running totals go on to now, so a first sale shows as a line rather than a lone dot; the x axis
  // spans from one bucket before the first sale to one after now.
  const step = { minute: 60, hour: 3600, day: 86_400 }[bucket];
  const now = Math.floor(Date.now() / 1000);
  const last = x[x.length - 1] ?? now;
  const extend = now > last;
  const xs = extend ? [...x, now] : x;
  const carry = (values: number[]) => (extend ? [...values, values[values.length - 1] ?? 0] : values);
  const xRange: [number, number] = [(x[0] ?? now) - step, Math.max(now, last) + step];

  return (
    <section className="card" aria-labelledby="sales-heading">
      <div className="row spread">
        <h2 id="sales-heading">{t('overview.salesTitle')}</h2>
        <div className="compact-field">
          <Field label={t('overview.bucket')}>
          <select value={bucket} onChange={(e) => setBucket(e.target.value as typeof bucket)} data-testid="bucket">
            <option value="minute">{t('overview.perMinute')}</option>
            <option value="hour">{t('overview.perHour')}</option>
            <option value="day">{t('overview.perDay')}</option>
          </select>
          </Field>
        </div>
      </div>
      <ErrorNotice error={error} />
      {data && buckets.length === 0 && <p className="muted">{t('overview.noSales')}</p>}
      {buckets.length > 0 && (
        <>
          <TimeChart
            title={t('overview.soldChart', { count: data?.totals.tickets ?? 0 })}
            timeLabel={t('app.time')}
            valueLabel={t('overview.ticketsAxis')}
            x={xs}
            xRange={xRange}
            step={step}
            counts
            series={(perType.length > 1 ? [total, ...perType] : [total]).map((s) => ({ label: s.label, values: carry(s.values) }))}
            testId="sales-chart"
          />
          <h3>{t('overview.revenueTitle')}</h3>
          <TimeChart
            title={t('overview.revenueChart', { amount: money(data?.totals.revenueCents ?? 0, currency) })}
            timeLabel={t('app.time')}
            valueLabel={t('overview.revenueAxis', { currency })}
            x={x}
            xRange={xRange}
            step={step}
            bars
            height={180}
            format={(cents) => money(cents, currency)}
            series={[{ label: t('overview.revenue'), values: buckets.map((b) => b.revenueCents) }]}
            testId="revenue-chart"
          />
        </>
      )}
      {data && (
        <p className="muted" data-testid="sales-totals">
          {t('overview.totals', {
            tickets: data.totals.tickets,
            revenue: money(data.totals.revenueCents, currency),
            refunded: money(data.totals.refundedCents, currency),
            holds: data.holds.tickets,
            orders: data.holds.orders,
          })}
        </p>
      )}
    </section>
  );
}
