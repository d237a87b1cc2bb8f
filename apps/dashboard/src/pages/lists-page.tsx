import { useMay } from '../session-context.tsx';
import { EventFrame } from '../components/event-frame.tsx';
import { Presence } from '../components/presence.tsx';
import { CheckInLists } from '../components/check-in-lists.tsx';

/** Who is inside now (live), then the check-in lists: which entrance admits which products, with or without re-entry. */
export function ListsPage({ eventId }: { eventId: string }) {
  const may = useMay();
  return (
    <EventFrame eventId={eventId}>
      {(event) => (
        <>
          {may('gate.stats') && <Presence eventId={event.id} />}
          <CheckInLists event={event} />
        </>
      )}
    </EventFrame>
  );
}
