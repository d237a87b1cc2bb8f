import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../router.tsx';
import { fetchEvent, localEvent, type EventInfo } from '../lib/tickets.ts';
import { queueing, usePlace, type Place } from '../lib/queue.ts';
import { formatMoment, formatNumber, formatWhen } from '../lib/format.ts';
import { useOnline } from '../lib/use-online.ts';

/**
 * A place in an event's waiting room, live: before the opening the promise of the draw, after it the
 * number, how many are ahead, how far the line moved since the phone joined, and the estimated wait.
 * When the turn comes (or the queue ends otherwise) the event page takes over: there the visitor buys.
 */
export function QueueScreen({ eventId }: { eventId: string }) {
  const { t, i18n } = useTranslation();
  const [event, setEvent] = useState<EventInfo>();
  const { place, startAhead, live, missing } = usePlace(eventId);
  const online = useOnline();

  useEffect(() => {
    let current = true;
    void localEvent(eventId).then((cached) => current && cached && setEvent((known) => known ?? cached));
    void fetchEvent(eventId).then((fresh) => current && setEvent(fresh), () => undefined);
    return () => void (current = false);
  }, [eventId]);

  const done = missing || (place !== undefined && !queueing(place));
  useEffect(() => {
    if (done) navigate(`/e/${eventId}`, { replace: true });
  }, [done, eventId]);

  const wait = (seconds: number | null) => {
    if (seconds === null) return t('queue.estimating');
    if (seconds < 60) return t('queue.underMinute');
    if (seconds < 5400) return t('queue.minutes', { count: Math.round(seconds / 60) });
    return t('queue.hours', { count: Math.round(seconds / 3600) });
  };
  // What the card says, line by line: the lead, then the draw to come or how many are ahead and the wait.
  const lines = !place ? [] : place.state === 'drawing' ? [t('queue.drawingLead'), place.drawAt ? t('queue.drawing', { when: formatMoment(place.drawAt) }) : ''] : [
    place.position === null ? t('queue.drawingLead') : t('queue.number', { number: formatNumber(place.position) }),
    place.ahead === null ? '' : place.ahead > 0 ? t('queue.ahead', { count: place.ahead, n: formatNumber(place.ahead) }) : t('queue.next'),
    t('queue.estimate', { wait: wait(place.estimatedWaitSeconds) }),
  ];
  // A new state or a number just given is said at once; the line moving on, at most every half minute.
  const said = useCalm(lines.filter(Boolean).map((line) => (/[.…]$/.test(line) ? line : `${line}.`)).join(' '), `${place?.state}:${place?.position != null}:${i18n.language}`);

  return (
    <main className="page stack">
      <header>
        <h1>{event?.name ?? t('queue.title')}</h1>
        {event && <p className="muted">{event.venue} · {formatWhen(event.startsAt)}</p>}
      </header>
      <section className="card hero stack queue-card" aria-labelledby="queue-title" data-testid="queue">
        <h2 id="queue-title">{t('queue.title')}</h2>
        {!place || done ? (
          <p aria-busy="true">{t('common.loading')}</p>
        ) : (
          <>
            <p className="queue-lead" data-testid="queue-lead">{lines[0]}</p>
            {place.state === 'drawing' ? <p>{lines[1]}</p> : (
              <>
                <p data-testid="queue-ahead">{lines[1]}</p>
                <Progress place={place} startAhead={startAhead} />
                <p data-testid="queue-estimate">{lines[2]}</p>
              </>
            )}
          </>
        )}
        <p className="notice ok-notice">{t('queue.keepOpen')}</p>
        {!live && place && !done && <p className="muted" data-testid="queue-polling">{t(online ? 'queue.polling' : 'queue.offline')}</p>}
      </section>
      {/* Screen readers hear the place when it comes, then at most every half minute, not at every step of the line. */}
      <p className="visually-hidden" role="status">{said}</p>
    </main>
  );
}

/** How far the line moved since the phone first had a place: of those ahead then, how many are through. */
function Progress({ place, startAhead }: { place: Place; startAhead: number | undefined }) {
  const { t } = useTranslation();
  const start = Math.max(startAhead ?? 0, place.ahead ?? 0);
  if (!start) return null;
  const moved = start - (place.ahead ?? start);
  const text = t('queue.progress', { moved: formatNumber(moved), start: formatNumber(start) });
  return (
    <div className="stack queue-progress">
      <span id="queue-progress-label">{t('queue.progressLabel')}</span>
      <div className="queue-bar" role="progressbar" aria-labelledby="queue-progress-label" aria-valuemin={0} aria-valuemax={start} aria-valuenow={moved} aria-valuetext={text} data-testid="queue-progress">
        <div style={{ width: `${(100 * moved) / start}%` }} />
      </div>
      <span className="muted" aria-hidden="true">{text}</span>
    </div>
  );
}

/** The text as it stands, but changed at most every `everyMs` while `group` stays the same. */
function useCalm(text: string, group: string, everyMs = 30_000) {
  const [said, setSaid] = useState(text);
  const last = useRef({ group, at: Date.now() });
  useEffect(() => {
    const wait = last.current.group === group ? Math.max(0, last.current.at + everyMs - Date.now()) : 0;
    const timer = setTimeout(() => {
      last.current = { group, at: Date.now() };
      setSaid(text);
    }, wait);
    return () => clearTimeout(timer);
  }, [text, group, everyMs]);
  return said;
}
