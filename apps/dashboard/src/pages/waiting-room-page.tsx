import { EventFrame } from '../components/event-frame.tsx';
import { WaitingRoomLive } from '../components/waiting-room-live.tsx';

/** The on-sale waiting room of one event, live, with its pace and pause. */
export function WaitingRoomPage({ eventId }: { eventId: string }) {
  return <EventFrame eventId={eventId}>{(event) => <WaitingRoomLive eventId={event.id} />}</EventFrame>;
}
