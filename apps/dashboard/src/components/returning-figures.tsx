import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { TimeChart } from '@ticketguard/web/time-chart.tsx';
import { Stat } from './stat.tsx';
import { TableScroll } from './table-scroll.tsx';
import { count, date, percent } from '../format.ts';
import type { ReturningVisitors, Shown } from '../types.ts';

/** A count as shown: "fewer than 10" for a hidden group, never 0 or a dash. */
export const shownCount = (value: Shown, hidden: string) => (value === null ? hidden : count(value));

/**
 * The share of visitors who came back, in words: a percentage where both counts are shown; with the
 * returning ones hidden (fewer than k), only the bound that gives ("under 20%"); with too few visitors, no share.
 */
function shareText(visitors: Shown, returning: Shown, k: number, t: TFunction) {
  if (visitors === null || visitors === 0) return t('returning.tooFew');
  return returning === null ? t('returning.shareBelow', { percent: percent(k / visitors) }) : percent(returning / visitors);
}

/** The headline figures: visitors, returning visitors, their share and add-on buyers, each group under k hidden. */
export function ReturningFigures({ data, hidden }: { data: ReturningVisitors; hidden: string }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="returning-heading">
      <h2 id="returning-heading">{t('returning.title')}</h2>
      <div className="stats">
        <Stat label={t('returning.visitors')} value={shownCount(data.visitors, hidden)} hint={t('returning.visitorsHint')} testId="visitors" />
        <Stat label={t('visitors.returning')} value={shownCount(data.returning, hidden)} hint={t('visitors.returningHint')} testId="returning" />
        <Stat label={t('returning.share')} value={shareText(data.visitors, data.returning, data.minimumGroup, t)} hint={t('returning.shareHint')} testId="returning-share" />
        <Stat label={t('returning.addonBuyers')} value={shownCount(data.addonBuyers, hidden)} hint={t('returning.addonBuyersHint')} testId="addon-buyers" />
      </div>
    </section>
  );
}

const day = 86_400;

/**
 * The returning share over time: for each event in order of its start, the share of its visitors who
 * had been to an earlier one. The chart draws the shares that can be shown; the table under it lists
 * every event, with its hidden groups in words.
 */
export function ReturningShare({ data, hidden }: { data: ReturningVisitors; hidden: string }) {
  const { t } = useTranslation();
  const k = data.minimumGroup;
  const starts = data.perEvent.map((e) => Date.parse(e.startsAt) / 1000);
  const drawn = data.perEvent.flatMap((e, i) => (e.visitors && e.returning !== null ? [{ x: starts[i]!, share: e.returning / e.visitors }] : []));
  // Room on both sides, so that the first and last bars stand clear of the axes.
  const pad = Math.max(day, (Math.max(...starts) - Math.min(...starts)) / 12);
  const xRange: [number, number] = [Math.min(...starts) - pad, Math.max(...starts) + pad];
  return (
    <section className="card" aria-labelledby="share-heading">
      <h2 id="share-heading">{t('returning.perEventTitle')}</h2>
      {drawn.length === 0 ? (
        <p className="muted">{t('returning.noShares', { k })}</p>
      ) : (
        <TimeChart
          title={t('returning.perEventChart')}
          x={drawn.map((d) => d.x)}
          series={[{ label: t('returning.share'), values: drawn.map((d) => d.share) }]}
          bars
          format={percent}
          timeLabel={t('returning.eventStart')}
          valueLabel={t('returning.share')}
          step={86_400}
          xRange={xRange}
          height={200}
          testId="share-chart"
        />
      )}
      <TableScroll name={t('returning.perEventTable')}>
        <table data-testid="per-event">
          <thead>
            <tr>
              <th scope="col">{t('returning.event')}</th>
              <th scope="col">{t('returning.starts')}</th>
              <th scope="col" className="number">{t('returning.visitors')}</th>
              <th scope="col" className="number">{t('returning.returningCount')}</th>
              <th scope="col" className="number">{t('returning.shareColumn')}</th>
            </tr>
          </thead>
          <tbody>
            {data.perEvent.map((e) => (
              <tr key={e.eventId}>
                <th scope="row">{e.name}</th>
                <td>{date(e.startsAt)}</td>
                <td className="number">{shownCount(e.visitors, hidden)}</td>
                <td className="number">{shownCount(e.returning, hidden)}</td>
                <td className="number">{shareText(e.visitors, e.returning, k, t)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
