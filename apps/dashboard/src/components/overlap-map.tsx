import { useTranslation } from 'react-i18next';
import { TableScroll } from './table-scroll.tsx';
import { count, date } from '../format.ts';
import type { ReturningVisitors, Shown } from '../types.ts';

const levels = [1, 2, 3, 4, 5];

/** Which of the five shades a shown count gets: k is the lightest step, the largest overlap the strongest. */
const levelOf = (value: number, k: number, max: number) => (max <= k ? levels.length : 1 + Math.floor(((value - k) * (levels.length - 1)) / (max - k)));

/**
 * A heat map of the visitors each pair of events shares, as a table: a row and a column per event (in
 * order of start), the number in every cell and the colour only on top of it. Hidden groups (fewer than
 * k) are hatched with "<k"; the diagonal holds each event's own visitors, outlined, not coloured.
 */
export function OverlapMap({ data, hidden }: { data: ReturningVisitors; hidden: string }) {
  const { t } = useTranslation();
  const k = data.minimumGroup;
  const events = data.perEvent;
  if (events.length < 2) return <p className="muted">{t('overlap.needTwo')}</p>;
  const key = (a: string, b: string) => [a, b].sort().join('|');
  const shared = new Map(data.overlap.map((pair) => [key(pair.eventId, pair.otherEventId), pair.visitors]));
  const max = Math.max(k, ...data.overlap.map((pair) => pair.visitors ?? 0));

  const cell = (value: Shown, self: boolean, id: string) => {
    if (value === null) {
      return (
        <td key={id} className={self ? 'heat-self heat-hidden' : 'heat-hidden'}>
          <span className="heat-mark" aria-hidden="true">&lt;{k}</span>
          <span className="visually-hidden">{hidden}</span>
        </td>
      );
    }
    return <td key={id} className={self ? 'heat-self' : `heat-${levelOf(value, k, max)}`}>{count(value)}</td>;
  };
  const name = (event: (typeof events)[number]) => (
    <>
      {event.name}{' '}
      <span className="heat-date">{date(event.startsAt)}</span>
    </>
  );
  return (
    <>
      <TableScroll name={t('overlap.title')}>
        <table className="heat-map" data-testid="overlap">
          <caption className="visually-hidden">{t('overlap.caption')}</caption>
          <thead>
            <tr>
              <th scope="col"><span className="visually-hidden">{t('returning.event')}</span></th>
              {events.map((event) => <th scope="col" key={event.eventId}>{name(event)}</th>)}
            </tr>
          </thead>
          <tbody>
            {events.map((row) => (
              <tr key={row.eventId}>
                <th scope="row">{name(row)}</th>
                {events.map((column) =>
                  column.eventId === row.eventId ? cell(row.visitors, true, column.eventId) : cell(shared.get(key(row.eventId, column.eventId)) ?? null, false, column.eventId),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <ul className="heat-legend" aria-label={t('overlap.legend')}>
        <li>
          <span className="heat-swatch heat-hidden" aria-hidden="true" /> &lt;{k}: {t('overlap.suppressed', { k })}
        </li>
        <li>
          {t('overlap.scale')}:{' '}
          <span className="heat-range">
            {count(k)}
            <span className="heat-scale" aria-hidden="true">
              {levels.map((level) => <span key={level} className={`heat-swatch heat-${level}`} />)}
            </span>
            {count(max)}
          </span>
        </li>
        <li>
          <span className="heat-swatch heat-self" aria-hidden="true" /> {t('overlap.self')}
        </li>
      </ul>
    </>
  );
}
