import type { Repositories } from '../../storage/store.ts';

/**
 * "10 minutes before the start" means the start the event has when the message goes out: when an
 * event's start moves, its scheduled before-start messages and their jobs move with it, in the
 * same transaction. A time already past sends at the next tick of the job runner.
 */
export async function followEventStart(repos: Repositories, eventId: string, startsAt: string) {
  for (const message of await repos.messages.scheduledBeforeStart(eventId)) {
    const sendAt = new Date(Date.parse(startsAt) - message.minutes! * 60_000).toISOString();
    await repos.messages.setSendAt(message.id, sendAt);
    if (message.job_id) await repos.jobs.reschedule(message.job_id, sendAt);
  }
}
