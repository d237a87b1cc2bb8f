import { randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import type { MessageAudience, MessagesTable } from '../../storage/schema.ts';
import type { Repositories } from '../../storage/store.ts';
import { enqueue } from '../../jobs/queue.ts';
import { invalid } from '../errors.ts';
import { ownedEvent } from '../events/owned-event.ts';
import { announce, deliver } from './deliver.ts';
import type { MessageTranslations } from './translations.ts';

export interface MessageTrigger {
  type: 'before_start' | 'checkin';
  /** before_start only. */
  minutes?: number;
}

export interface NewMessage {
  title: string;
  body: string;
  translations?: MessageTranslations;
  audience?: MessageAudience;
  sendAt?: string;
  trigger?: MessageTrigger;
  marketing?: boolean;
  voucherCampaignId?: string;
}

/**
 * When a message goes out. "before_start" with 60 minutes for an event starting at 20:00 is a
 * message sent at 19:00; it follows the event if the start moves (follow-event-start.ts).
 */
function scheduleOf(input: NewMessage, startsAt: string, now: Date): Pick<MessagesTable, 'trigger' | 'send_at' | 'minutes'> {
  if (input.sendAt !== undefined && input.trigger !== undefined) throw invalid('sendAt and trigger are exclusive: give one or neither');
  if (input.sendAt !== undefined) {
    if (Date.parse(input.sendAt) <= now.getTime()) throw invalid('sendAt must be in the future; leave it out to send now');
    return { trigger: 'at', send_at: new Date(input.sendAt).toISOString(), minutes: null };
  }
  if (input.trigger?.type === 'before_start') {
    const { minutes } = input.trigger;
    if (minutes === undefined) throw invalid('trigger.minutes is required with type "before_start"');
    const sendAt = new Date(Date.parse(startsAt) - minutes * 60_000);
    if (sendAt <= now) throw invalid(`trigger.minutes: ${minutes} minutes before the start (${startsAt}) is already past`);
    return { trigger: 'before_start', send_at: sendAt.toISOString(), minutes };
  }
  if (input.trigger?.type === 'checkin') {
    if (input.trigger.minutes !== undefined) throw invalid('trigger.minutes is only for type "before_start"');
    if (input.audience?.checkedIn === false) throw invalid('audience.checkedIn cannot be false for a message sent on check-in');
    return { trigger: 'checkin', send_at: null, minutes: null };
  }
  return { trigger: 'now', send_at: now.toISOString(), minutes: null };
}

export async function checkAudience(repos: Repositories, eventId: string, audience: MessageAudience) {
  if (!audience.ticketTypeIds) return;
  const known = new Set((await repos.events.ticketTypes(eventId)).map((t) => t.id));
  const unknown = audience.ticketTypeIds.findIndex((id) => !known.has(id));
  if (unknown >= 0) throw invalid(`audience.ticketTypeIds[${unknown}] is not a ticket type of this event`);
}

/**
 * An organizer's message to the holders of an event's tickets (or the audience's share of them).
 * Sent now, it reaches every inbox in the same transaction that records it, in one statement;
 * scheduled, a queued job sends it once at its time; on check-in, each holder gets it as they
 * get in. Recipients are whoever holds a live ticket when it goes out, so a ticket handed on
 * before then takes its messages with it.
 */
export async function sendMessage(ctx: Context, organizerId: string, eventId: string, input: NewMessage) {
  const now = ctx.clock();
  const at = now.toISOString();
  const audience: MessageAudience = input.audience ?? {};
  const { message, accountIds } = await ctx.store.transaction(async (repos) => {
    const event = await ownedEvent(repos, eventId, organizerId);
    const schedule = scheduleOf(input, event.starts_at, now);
    await checkAudience(repos, eventId, audience);
    if (input.voucherCampaignId && (await repos.vouchers.findCampaign(input.voucherCampaignId))?.event_id !== eventId) {
      throw invalid('voucherCampaignId is not a voucher campaign of this event');
    }
    const id = randomUUID();
    const timed = schedule.trigger === 'at' || schedule.trigger === 'before_start';
    const jobId = timed ? await enqueue(repos, 'message.send', { messageId: id }, schedule.send_at!, at) : null;
    const row: MessagesTable = {
      id,
      organizer_id: organizerId,
      event_id: eventId,
      title: input.title,
      body: input.body,
      translations: JSON.stringify(input.translations ?? {}),
      audience: JSON.stringify(audience),
      ...schedule,
      status: schedule.trigger === 'now' ? 'sent' : 'scheduled',
      marketing: input.marketing ? 1 : 0,
      voucher_campaign_id: input.voucherCampaignId ?? null,
      recipients: 0,
      push_sent: 0,
      push_failed: 0,
      job_id: jobId,
      created_at: at,
      sent_at: schedule.trigger === 'now' ? at : null,
    };
    await repos.messages.insert(row);
    const reached = row.status === 'sent' ? await deliver(ctx, repos, { message: row, audience, now: at }) : [];
    return { message: row, accountIds: reached };
  });
  announce(ctx, message, at, accountIds);
  return { id: message.id, status: message.status, recipients: accountIds.length };
}
