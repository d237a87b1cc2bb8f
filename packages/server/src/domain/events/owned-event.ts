import type { Repositories } from '../../storage/store.ts';
import { notFound } from '../errors.ts';

/**
 * The event if it belongs to this organizer. Another tenant's event is "not found", never
 * "forbidden": its existence must not leak.
 */
export async function ownedEvent(repos: Repositories, eventId: string, organizerId: string) {
  const event = await repos.events.find(eventId);
  if (!event || event.organizer_id !== organizerId) throw notFound('event');
  return event;
}
