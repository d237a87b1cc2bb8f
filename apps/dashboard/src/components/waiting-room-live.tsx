import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../use-api.ts';
import { ApiError } from '../api-client.ts';
import { useMay } from '../session-context.tsx';
import { Stat } from './stat.tsx';
import { CopyField } from './copy-field.tsx';
import { ErrorNotice } from './error-notice.tsx';
import { RoomChart } from './room-chart.tsx';
import { RoomControls } from './room-controls.tsx';
import { clockTime, count, moment } from '../format.ts';
import type { WaitingRoom } from '../types.ts';

type RoomState = 'off' | 'sold_out' | 'before' | 'paused' | 'admitting';

const stateOf = (room: WaitingRoom): RoomState =>
  !room.enabled ? 'off' : room.soldOutAt ? 'sold_out' : !room.draw ? 'before' : room.paused ? 'paused' : 'admitting';

/**
 * The waiting room during an on-sale, refreshed every 2 seconds (the room ticks every 2): how many
 * wait, were let through, are shopping and completed an order, the pace, the draw with its audit seed,
 * the last hour per minute, and the controls.
 */
export function WaitingRoomLive({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const may = useMay();
  const { data: room, error, missing, reload } = useApi<WaitingRoom>(`/api/v1/events/${eventId}/waiting-room`, 2_000, true);
  const [updatedAt, setUpdatedAt] = useState<Date>();
  useEffect(() => {
    if (room) setUpdatedAt(new Date());
  }, [room]);
  if (missing) return <p className="notice">{t('room.unavailable')}</p>;
  if (!room && error instanceof ApiError && error.status === 404) return <p className="notice">{t('room.none')}</p>;

  const state = room && stateOf(room);
  return (
    <section className="card" aria-labelledby="room-heading" data-testid="waiting-room">
      <div className="row spread room-head">
        <div className="row">
          <h2 id="room-heading">{t('room.title')}</h2>
          {state && <span className={`badge room-${state}`} data-testid="room-state">{t(`room.state_${state}`)}</span>}
        </div>
        {updatedAt && <span className="muted" data-testid="room-updated">{t('room.updated', { at: clockTime(updatedAt) })}</span>}
      </div>
      <ErrorNotice error={error} />
      {room && (
        <>
          {state === 'off' && <p className="notice">{t('room.off')}</p>}
          {state === 'sold_out' && <p className="notice" data-testid="room-sold-out">{t('room.soldOut', { at: moment(room.soldOutAt ?? '') })}</p>}
          {state === 'before' && (
            <p className="muted">{room.onSaleAt && Date.parse(room.onSaleAt) > Date.now() ? t('room.beforeOpening', { at: moment(room.onSaleAt) }) : t('room.drawSoon')}</p>
          )}
          {/* Before the draw nobody was let through; whether the joins so far count as waiting is up to the server. */}
          {(state !== 'before' || room.waiting > 0) && (
            <div className="stats">
              <Stat big label={t('room.waiting')} value={count(room.waiting)} hint={t('room.waitingHint')} testId="room-waiting" />
              <Stat label={t('room.admitted')} value={count(room.admitted)} hint={t('room.admittedHint')} testId="room-admitted" />
              <Stat label={t('room.shopping')} value={count(room.shopping)} hint={t('room.shoppingHint')} testId="room-shopping" />
              <Stat label={t('room.completed')} value={count(room.completed)} hint={t('room.completedHint')} testId="room-completed" />
              <Stat
                label={t('room.pace')}
                value={count(room.admittedPerMinute)}
                hint={t('room.paceHint', { set: room.admitPerMinute ? t('room.perMinute', { value: count(room.admitPerMinute) }) : t('room.setAuto') })}
                testId="room-pace"
              />
            </div>
          )}
          {room.draw && <Draw draw={room.draw} />}
          <h3>{t('room.chartTitle')}</h3>
          <RoomChart room={room} />
          {may('events.write') && room.enabled && !room.soldOutAt && <RoomControls eventId={eventId} room={room} onChange={reload} />}
        </>
      )}
    </section>
  );
}

/** When the early comers were drawn, how many, and the seed that lets anyone replay it. */
function Draw({ draw }: { draw: NonNullable<WaitingRoom['draw']> }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="draw-heading" data-testid="room-draw">
      <h3 id="draw-heading">{t('room.drawTitle')}</h3>
      <dl className="facts">
        <dt>{t('room.drawnAt')}</dt>
        <dd data-testid="draw-at">{moment(draw.drawnAt)}</dd>
        <dt>{t('room.earlyComers')}</dt>
        <dd>
          <span data-testid="draw-early-comers">{count(draw.earlyComers)}</span> <span className="muted">({t('room.earlyComersHint')})</span>
        </dd>
      </dl>
      <CopyField label={t('room.seed')} value={draw.seed} testId="draw-seed" />
      <p className="muted">{t('room.seedExplain')}</p>
    </section>
  );
}
