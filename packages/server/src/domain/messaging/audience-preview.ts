import type { Context } from '../context.ts';
import type { MessageAudience } from '../../storage/schema.ts';
import { ownedEvent } from '../events/owned-event.ts';
import { checkAudience } from './send-message.ts';

/**
 * How many people a message to this audience would reach if sent now: the number the compose
 * screen shows as the organizer narrows the audience. It runs the same recipients query as
 * sending (holders of live tickets, the audience's filter, marketing consent), so the preview
 * and the send can only differ by what changes in between.
 */
export async function audiencePreview(ctx: Context, organizerId: string, eventId: string, input: { audience?: MessageAudience; purpose?: 'operational' | 'marketing' }) {
  const repos = ctx.store.repos;
  await ownedEvent(repos, eventId, organizerId);
  const audience = input.audience ?? {};
  await checkAudience(repos, eventId, audience);
  const recipients = await repos.messages.countRecipients({
    message: { id: '00000000-0000-4000-8000-000000000000', event_id: eventId, organizer_id: organizerId, marketing: input.purpose === 'marketing' ? 1 : 0 },
    audience,
    now: ctx.clock().toISOString(),
  });
  return { recipients };
}
