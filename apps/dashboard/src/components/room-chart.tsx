import { useTranslation } from 'react-i18next';
import { TimeChart } from '@ticketguard/web/time-chart.tsx';
import { minuteAxis } from './minute-axis.ts';
import { count } from '../format.ts';
import type { WaitingRoom } from '../types.ts';

/**
 * The room's last hour per minute: people let through and orders completed (the pace and whether the
 * shop keeps up), and below it the queue's length at the end of each minute.
 */
export function RoomChart({ room }: { room: WaitingRoom }) {
  const { t } = useTranslation();
  const rows = new Map(room.perMinute.map((row) => [Date.parse(row.minute) / 1000, row]));
  if (rows.size === 0) return <p className="muted">{t('room.noMinutes')}</p>;
  const { x, xRange } = minuteAxis([...rows.keys()]);
  // A quiet minute let nobody through; the queue's length is only known for minutes the room ticked in.
  const flow = (field: 'admitted' | 'completed') => x.map((at) => rows.get(at)?.[field] ?? 0);
  const total = (field: 'admitted' | 'completed') => room.perMinute.reduce((sum, row) => sum + row[field], 0);
  return (
    <>
      <TimeChart
        title={t('room.flowChart', { admitted: count(total('admitted')), completed: count(total('completed')) })}
        timeLabel={t('app.time')}
        valueLabel={t('room.peopleAxis')}
        x={x}
        xRange={xRange}
        counts
        series={[
          { label: t('room.admitted'), values: flow('admitted') },
          { label: t('room.completed'), values: flow('completed') },
        ]}
        testId="room-flow-chart"
      />
      <TimeChart
        title={t('room.waitingChart', { waiting: count(room.waiting) })}
        timeLabel={t('app.time')}
        valueLabel={t('room.peopleAxis')}
        x={x}
        xRange={xRange}
        counts
        height={180}
        series={[{ label: t('room.waiting'), values: x.map((at) => rows.get(at)?.waiting ?? null) }]}
        testId="room-waiting-chart"
      />
    </>
  );
}
