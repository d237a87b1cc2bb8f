import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../router.tsx';
import { formatMoment } from '../lib/format.ts';
import { queueing, type Place } from '../lib/queue.ts';
import type { EventInfo } from '../lib/tickets.ts';
import { Countdown } from './countdown.tsx';

interface Props {
  event: EventInfo;
  /** This phone's place; undefined while it has not joined. */
  place: Place | undefined;
  /** The server-corrected time, ticking. */
  now: number;
  busy: boolean;
  onJoin: () => void;
}

/**
 * The event page of a sale behind a waiting room: joining it (before the opening, the promise of a
 * fair draw), the visitor's turn with its countdown, or how the turn ended.
 */
export function RoomCard({ event, place, now, busy, onJoin }: Props) {
  const { t } = useTranslation();
  if (!place) {
    const opening = event.onSaleAt && Date.parse(event.onSaleAt) > now ? formatMoment(event.onSaleAt) : undefined;
    return (
      <section className="card hero stack" aria-labelledby="room-title" data-testid="room-join">
        <h2 id="room-title">{opening ? t('queue.opensTitle', { when: opening }) : t('queue.openTitle')}</h2>
        <p>{opening ? t('queue.opensBody', { when: opening }) : t('queue.openBody')}</p>
        <button type="button" disabled={busy} onClick={onJoin}>{t('queue.join')}</button>
      </section>
    );
  }
  if (queueing(place)) return <p className="card"><Link to={`/q/${event.id}`}>{t('queue.seePlace')}</Link></p>;
  if (place.state === 'admitted') return <Turn until={Date.parse(place.admissionExpiresAt!)} now={now} />;
  return (
    <section className="card stack" aria-labelledby="room-title" data-testid="room-outcome">
      <h2 id="room-title">{t(`queue.${place.state}`)}</h2>
      {place.state === 'used' && <Link to="/">{t('queue.myTickets')}</Link>}
      {place.state === 'expired' && <p>{t('queue.expiredBody')}</p>}
      {place.state === 'sold_out' && <p>{t(place.exchangeWaitlist ? 'queue.exchange' : 'queue.soldOutBody')}</p>}
    </section>
  );
}

const turnMs = 600_000;

/** The visitor's turn: ten minutes to buy, counting down; focus lands here when the turn comes. */
function Turn({ until, now }: { until: number; now: number }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  // Never more than the ten minutes a turn has: the phone's server-corrected clock may be a second early.
  const left = Math.min(until - now, turnMs);
  return (
    <section className="card hero stack" aria-labelledby="room-title" data-testid="room-turn">
      <h2 id="room-title" ref={heading} tabIndex={-1}>{t('queue.turnTitle')}</h2>
      <p>{t('queue.turnBody')}</p>
      <Countdown label={t('queue.timeLeft')} left={left} lastMinute={t('queue.lastMinute')} testId="turn-countdown" />
    </section>
  );
}
