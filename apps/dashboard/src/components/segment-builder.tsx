import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { count, date } from '../format.ts';
import type { Reach } from './recipient-count.ts';
import type { OrganizerEvent, Segment } from '../types.ts';

/** A segment as the builder holds it: the ticked events, the ticked ticket types of those, and check-in. */
export interface SegmentChoice {
  eventIds: string[];
  typeIds: string[];
  checkedIn: 'all' | 'yes' | 'no';
}

export const noSegment: SegmentChoice = { eventIds: [], typeIds: [], checkedIn: 'all' };

/** The choice as the server takes it. */
export const toSegment = (choice: SegmentChoice): Segment => ({
  heldEventIds: choice.eventIds,
  ...(choice.typeIds.length ? { ticketTypeIds: choice.typeIds } : {}),
  ...(choice.checkedIn === 'all' ? {} : { checkedIn: choice.checkedIn === 'yes' }),
});

/** The live count in a sentence: "Reaches 12 visitors who agreed to news", or "fewer than 10" for a hidden group. */
function reachText(choice: SegmentChoice, reach: Reach, k: number, t: TFunction) {
  if (choice.eventIds.length === 0) return t('segments.chooseEvent');
  if (reach === undefined) return t('segments.counting');
  if (reach === 'unavailable') return t('segments.unavailable');
  return reach === null ? t('segments.reachFew', { k }) : t('segments.reach', { count: reach, formatted: count(reach) });
}

/**
 * Chooses whom a message across events goes to: the visitors of the ticked events, optionally only
 * some of their ticket types and only those who did (or did not) check in, with the live count of
 * those of them who agreed to news, and that rule said in plain words.
 */
export function SegmentBuilder({ events, choice, onChange, reach, k }: { events: OrganizerEvent[]; choice: SegmentChoice; onChange: (choice: SegmentChoice) => void; reach: Reach; k: number }) {
  const { t } = useTranslation();
  const chosen = events.filter((e) => choice.eventIds.includes(e.id));
  const toggleEvent = (event: OrganizerEvent) => {
    const ticked = choice.eventIds.includes(event.id);
    // Unticking an event drops its ticket types: the server takes only types of the events in the segment.
    const theirs = new Set(event.ticketTypes.map((type) => type.id));
    onChange({
      ...choice,
      eventIds: ticked ? choice.eventIds.filter((id) => id !== event.id) : [...choice.eventIds, event.id],
      typeIds: ticked ? choice.typeIds.filter((id) => !theirs.has(id)) : choice.typeIds,
    });
  };
  const toggleType = (id: string) => onChange({ ...choice, typeIds: choice.typeIds.includes(id) ? choice.typeIds.filter((x) => x !== id) : [...choice.typeIds, id] });
  const typed = chosen.filter((e) => e.ticketTypes.length > 1);
  return (
    <section className="card" aria-labelledby="segment-heading" data-testid="segment">
      <h2 id="segment-heading">{t('segments.title')}</h2>
      <p className="muted">{t('segments.intro')}</p>
      <fieldset>
        <legend>{t('segments.events')}</legend>
        {events.length === 0 && <p className="muted">{t('segments.noEvents')}</p>}
        {events.map((event) => (
          <label key={event.id} className="check">
            <input type="checkbox" checked={choice.eventIds.includes(event.id)} onChange={() => toggleEvent(event)} />
            <span>
              {event.name} <span className="muted">· {date(event.startsAt)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {typed.length > 0 && (
        <fieldset>
          <legend>{t('segments.types')}</legend>
          <p className="hint muted">{t('segments.typesHint')}</p>
          {typed.map((event) => (
            <div key={event.id} role="group" aria-label={t('segments.typesOf', { name: event.name })} className="type-group">
              <p className="type-group-name" aria-hidden="true">{event.name}</p>
              {event.ticketTypes.map((type) => (
                <label key={type.id} className="check">
                  <input type="checkbox" checked={choice.typeIds.includes(type.id)} onChange={() => toggleType(type.id)} /> {type.name}
                </label>
              ))}
            </div>
          ))}
        </fieldset>
      )}
      <fieldset>
        <legend>{t('segments.checkedIn')}</legend>
        {(['all', 'yes', 'no'] as const).map((option) => (
          <label key={option} className="check">
            <input type="radio" name="segment-checked-in" checked={choice.checkedIn === option} onChange={() => onChange({ ...choice, checkedIn: option })} />{' '}
            {t({ all: 'segments.everyone', yes: 'segments.checkedInOnly', no: 'segments.notCheckedIn' }[option])}
          </label>
        ))}
      </fieldset>
      <p className="recipients" aria-live="polite" data-testid="segment-count">{reachText(choice, reach, k, t)}</p>
      <p className="notice consent-note">{t('segments.consentOnly')}</p>
    </section>
  );
}
