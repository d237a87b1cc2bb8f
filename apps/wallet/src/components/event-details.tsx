import { useTranslation } from 'react-i18next';
import { formatTime, formatWhen } from '../lib/format.ts';
import type { EventInfo } from '../lib/tickets.ts';

/**
 * The top of an event's page: its picture, name, when (doors, start, end), where, who organizes it, and
 * the event as a calendar file. The picture only illustrates: the name beside it says what it is.
 */
export function EventHeader({ event }: { event: EventInfo }) {
  const { t } = useTranslation();
  // A time on the day of the start needs no date again: "Sat 12 Dec, 20:00 – 23:30", doors "19:00".
  const onStartDay = (iso: string) => (new Date(iso).toDateString() === new Date(event.startsAt).toDateString() ? formatTime(iso) : formatWhen(iso));
  return (
    <header className="stack event-header">
      {event.imageUrl && <img className="event-picture" src={event.imageUrl} alt="" />}
      <h1>{event.name}</h1>
      <dl className="event-facts">
        <dt>{t('event.when')}</dt>
        <dd data-testid="event-when">{formatWhen(event.startsAt)} – {onStartDay(event.endsAt)}</dd>
        {event.doorsAt && (
          <>
            <dt>{t('event.doors')}</dt>
            <dd>{onStartDay(event.doorsAt)}</dd>
          </>
        )}
        <dt>{t('event.where')}</dt>
        <dd>{event.venue}</dd>
        {event.organizer && (
          <>
            <dt>{t('event.organizer')}</dt>
            <dd>{event.organizer.name}</dd>
          </>
        )}
      </dl>
      <a className="button secondary" href={event.calendarUrl}>{t('event.addToCalendar')}</a>
    </header>
  );
}

/** What the organizer wrote about the event, as they wrote it (plain text, line breaks kept). */
export function EventDescription({ event }: { event: EventInfo }) {
  const { t } = useTranslation();
  if (!event.description) return null;
  return (
    <section className="card stack" aria-labelledby="about-title">
      <h2 id="about-title">{t('event.about')}</h2>
      <p className="event-description" data-testid="event-description">{event.description}</p>
    </section>
  );
}
