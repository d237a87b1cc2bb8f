import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TimeChart } from '@ticketguard/web/time-chart.tsx';
import { BarList } from '@ticketguard/web/bar-list.tsx';
import { useApi } from '../use-api.ts';
import { Stat } from './stat.tsx';
import { Field } from './field.tsx';
import { ErrorNotice } from './error-notice.tsx';
import { minuteAxis } from './minute-axis.ts';
import { clockTime, count } from '../format.ts';
import type { Presence as PresenceFigures } from '../types.ts';

/**
 * How many are inside now, in total and per list, refreshed every few seconds, with entries and exits per
 * minute: the figure a safety officer asks for every hour.
 */
export function Presence({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const { data, error, missing } = useApi<PresenceFigures>(`/api/v1/events/${eventId}/presence`, 5_000, true);
  const [listId, setListId] = useState('');
  const [updatedAt, setUpdatedAt] = useState<Date>();
  useEffect(() => {
    if (data) setUpdatedAt(new Date());
  }, [data]);
  if (missing) return <p className="notice">{t('presence.unavailable')}</p>;

  const rows = (data?.perMinute ?? []).filter((row) => !listId || row.listId === listId);
  const perMinute = new Map<number, { entries: number; exits: number }>();
  for (const row of rows) {
    const at = Date.parse(row.minute) / 1000;
    const sum = perMinute.get(at) ?? { entries: 0, exits: 0 };
    perMinute.set(at, { entries: sum.entries + row.entries, exits: sum.exits + row.exits });
  }
  const { x, xRange } = minuteAxis([...perMinute.keys()]);
  const values = (field: 'entries' | 'exits') => x.map((at) => perMinute.get(at)?.[field] ?? 0);
  const total = (field: 'entries' | 'exits') => rows.reduce((sum, row) => sum + row[field], 0);
  const listName = data?.lists.find((l) => l.id === listId)?.name ?? t('presence.allLists');

  return (
    <section className="card" aria-labelledby="presence-heading" data-testid="presence">
      <div className="row spread">
        <h2 id="presence-heading">{t('presence.title')}</h2>
        {updatedAt && <span className="muted" data-testid="presence-updated">{t('presence.updated', { at: clockTime(updatedAt) })}</span>}
      </div>
      <ErrorNotice error={error} />
      {data && (
        <>
          <div className="stats">
            <Stat big label={t('presence.total')} value={count(data.inside)} hint={t('presence.totalHint')} testId="inside-now" />
          </div>
          <BarList title={t('presence.perList')} bars={data.lists.map((list) => ({ label: list.name, value: list.inside }))} format={count} testId="inside-per-list" />
          <div className="row spread">
            <h3>{t('presence.chartTitle')}</h3>
            {data.lists.length > 1 && (
              <div className="compact-field">
                <Field label={t('presence.list')}>
                  <select value={listId} onChange={(e) => setListId(e.target.value)} data-testid="presence-list">
                    <option value="">{t('presence.allLists')}</option>
                    {data.lists.map((list) => (
                      <option key={list.id} value={list.id}>{list.name}</option>
                    ))}
                  </select>
                </Field>
              </div>
            )}
          </div>
          {rows.length === 0 ? (
            <p className="muted">{t('presence.none')}</p>
          ) : (
            <TimeChart
              title={t('presence.chart', { list: listName, entries: count(total('entries')), exits: count(total('exits')) })}
              timeLabel={t('app.time')}
              valueLabel={t('presence.peopleAxis')}
              x={x}
              xRange={xRange}
              counts
              series={[
                { label: t('presence.entries'), values: values('entries') },
                { label: t('presence.exits'), values: values('exits') },
              ]}
              testId="presence-chart"
            />
          )}
        </>
      )}
    </section>
  );
}
