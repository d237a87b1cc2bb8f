import { randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import type { MessageAudience, MessagesTable } from '../../storage/schema.ts';
import type { Repositories } from '../../storage/store.ts';
import { enqueue } from '../../jobs/queue.ts';
import type { Staff } from '../organizers/authenticate.ts';
import { invalid } from '../errors.ts';
import { ownedEvent } from '../events/owned-event.ts';
import { minimumGroup } from '../insights/visitor-picture.ts';
import { auditRead } from '../privacy/audit.ts';
import { announce, deliver } from './deliver.ts';
import type { MessageTranslations } from './translations.ts';

/** A segment: the visitors of some of the organizer's events, narrowed by ticket type or check-in. */
export interface Segment {
  heldEventIds: string[];
  ticketTypeIds?: string[];
  checkedIn?: boolean;
}

/**
 * Every event must be the organizer's (another organizer's or an unknown id is "not found", and never
 * a count), every ticket type one of those events'; an empty segment is no audience at all.
 */
async function checkSegment(repos: Repositories, organizerId: string, segment: Segment): Promise<MessageAudience> {
  if (segment.heldEventIds.length === 0) throw invalid('audience.heldEventIds must name at least one of your events');
  for (const eventId of segment.heldEventIds) await ownedEvent(repos, eventId, organizerId);
  if (segment.ticketTypeIds) {
    const known = new Set((await Promise.all(segment.heldEventIds.map((id) => repos.events.ticketTypes(id)))).flat().map((t) => t.id));
    const unknown = segment.ticketTypeIds.findIndex((id) => !known.has(id));
    if (unknown >= 0) throw invalid(`audience.ticketTypeIds[${unknown}] is not a ticket type of the events in heldEventIds`);
  }
  return { heldEventIds: segment.heldEventIds, ...(segment.ticketTypeIds ? { ticketTypeIds: segment.ticketTypeIds } : {}), ...(segment.checkedIn !== undefined ? { checkedIn: segment.checkedIn } : {}) };
}

/** A message to a segment belongs to no one event: the marketing rules decide who gets it. */
const segmentMessage = (id: string, organizerId: string) => ({ id, event_id: null, organizer_id: organizerId, marketing: 1 });

/**
 * How many a message to the segment would reach now: visitors of those events with a `marketing`
 * consent for this organizer in force, by the very query that sends. Fewer than 10 is null, so a
 * segment cannot be narrowed down to a person. The read is written to the audit log.
 */
export async function segmentAudience(ctx: Context, staff: Staff, segment: Segment) {
  const repos = ctx.store.repos;
  const audience = await checkSegment(repos, staff.organizerId, segment);
  const recipients = await repos.messages.countRecipients({ message: segmentMessage(randomUUID(), staff.organizerId), audience, now: ctx.clock().toISOString() });
  await auditRead(repos, staff, ctx.clock().toISOString(), 'audience.segment', `organizer:${staff.organizerId}`, `segment of ${segment.heldEventIds.length} event${segment.heldEventIds.length === 1 ? '' : 's'}`);
  return { recipients: recipients >= minimumGroup ? recipients : null };
}

export interface NewSegmentMessage {
  title: string;
  body: string;
  translations?: MessageTranslations;
  audience: Segment;
  sendAt?: string;
  voucherCampaignId?: string;
}

/**
 * A message to the visitors of earlier events ("our next festival is on sale"): marketing, so it
 * reaches only accounts whose newest marketing consent for this organizer grants it at the moment it
 * goes out (a withdrawal a second before counts). Now, or at `sendAt` by the job queue. None
 * consenting is a message with 0 recipients, not an error.
 */
export async function sendSegmentMessage(ctx: Context, organizerId: string, input: NewSegmentMessage) {
  const now = ctx.clock();
  const at = now.toISOString();
  if (input.sendAt !== undefined && Date.parse(input.sendAt) <= now.getTime()) throw invalid('sendAt must be in the future; leave it out to send now');
  const { message, accountIds } = await ctx.store.transaction(async (repos) => {
    const audience = await checkSegment(repos, organizerId, input.audience);
    if (input.voucherCampaignId && (await repos.vouchers.findCampaign(input.voucherCampaignId))?.organizer_id !== organizerId) {
      throw invalid('voucherCampaignId is not a voucher campaign of yours');
    }
    const id = randomUUID();
    const scheduled = input.sendAt !== undefined;
    const row: MessagesTable = {
      ...segmentMessage(id, organizerId),
      title: input.title,
      body: input.body,
      translations: JSON.stringify(input.translations ?? {}),
      audience: JSON.stringify(audience),
      trigger: scheduled ? 'at' : 'now',
      send_at: scheduled ? new Date(input.sendAt!).toISOString() : at,
      minutes: null,
      status: scheduled ? 'scheduled' : 'sent',
      voucher_campaign_id: input.voucherCampaignId ?? null,
      recipients: 0,
      push_sent: 0,
      push_failed: 0,
      job_id: scheduled ? await enqueue(repos, 'message.send', { messageId: id }, new Date(input.sendAt!).toISOString(), at) : null,
      created_at: at,
      sent_at: scheduled ? null : at,
    };
    await repos.messages.insert(row);
    const reached = scheduled ? [] : await deliver(ctx, repos, { message: row, audience, now: at });
    return { message: row, accountIds: reached };
  });
  announce(ctx, message, at, accountIds);
  return { id: message.id, status: message.status, recipients: accountIds.length };
}
