import { Type } from '@sinclair/typebox';
import type { MessageWithFigures } from '../../domain/messaging/manage-messages.ts';
import type { InboxMessage as InboxMessageView } from '../../domain/messaging/inbox-bus.ts';
import { textIn, translationsOf, type Language } from '../../domain/messaging/translations.ts';
import { DateTime, Nullable, Uuid } from '../schemas.ts';

const audienceFields = {
  ticketTypeIds: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 50, uniqueItems: true, description: 'only holders of tickets of these types' })),
  checkedIn: Type.Optional(Type.Boolean({ description: 'true: only tickets already checked in; false: only those not yet' })),
};

/** A segment of the organizer's visitors across its events: the audience of a message to returning visitors. */
export const Segment = Type.Object(
  {
    heldEventIds: Type.Array(Uuid, { maxItems: 200, uniqueItems: true, description: 'visitors who hold (or held and used) a ticket of any of these events' }),
    ...audienceFields,
  },
  { additionalProperties: false },
);

export const Audience = Type.Object(audienceFields, { additionalProperties: false });

const status = Type.Union([Type.Literal('scheduled'), Type.Literal('sent'), Type.Literal('cancelled')], {
  description: 'scheduled -> sent | cancelled; a check-in message stays scheduled while it is armed',
});

export const MessageCreated = Type.Object({
  id: Uuid,
  status,
  recipients: Type.Integer({ description: 'inboxes reached so far: everyone when sent now, 0 until a scheduled message goes out' }),
});

const MessageText = Type.Object(
  { title: Type.String({ minLength: 1, maxLength: 120 }), body: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);

export const Translations = Type.Object(
  { nl: Type.Optional(MessageText), en: Type.Optional(MessageText) },
  { additionalProperties: false, description: "the message in Dutch and/or English; a visitor reading another language gets the message's own title and body" },
);

export const OrganizerMessage = Type.Object({
  ...MessageCreated.properties,
  eventId: Nullable(Uuid, { description: "null for a message to a segment of the organizer's visitors across events" }),
  title: Type.String(),
  body: Type.String(),
  translations: Translations,
  audience: Type.Union([Audience, Segment]),
  trigger: Type.Object({
    type: Type.Union([Type.Literal('now'), Type.Literal('at'), Type.Literal('before_start'), Type.Literal('checkin')]),
    minutes: Type.Optional(Type.Integer()),
  }),
  sendAt: Nullable(DateTime),
  marketing: Type.Boolean(),
  createdAt: DateTime,
  sentAt: Nullable(DateTime),
  delivered: Type.Integer({ description: 'inboxes holding the message now (an erased account takes its inbox with it)' }),
  pushSent: Type.Integer({ description: 'Web Push notifications a push service accepted' }),
  pushFailed: Type.Integer({ description: 'Web Push notifications given up on: subscription gone, or out of retries' }),
  voucherCampaignId: Type.Optional(Uuid),
});

export const InboxMessage = Type.Object({
  id: Uuid,
  title: Type.String(),
  body: Type.String(),
  sentAt: DateTime,
  eventId: Nullable(Uuid, { description: 'the event it is about; null for news from the organizer to visitors of several events' }),
  organizerId: Uuid,
  organizerName: Type.String(),
  marketing: Type.Boolean({ description: 'news from the organizer, sent because you agreed to it; stop it with a marketing consent withdrawal' }),
  voucher: Type.Optional(Type.Object({ campaignId: Uuid }, { description: 'the message came with a voucher: see GET /api/v1/me/vouchers' })),
});

export const presentMessage = (m: MessageWithFigures) => ({
  id: m.id,
  eventId: m.event_id,
  title: m.title,
  body: m.body,
  translations: translationsOf(m),
  audience: JSON.parse(m.audience),
  trigger: { type: m.trigger, ...(m.minutes === null ? {} : { minutes: m.minutes }) },
  sendAt: m.send_at,
  status: m.status,
  recipients: m.recipients,
  marketing: m.marketing === 1,
  createdAt: m.created_at,
  sentAt: m.sent_at,
  delivered: m.delivered,
  pushSent: m.push_sent,
  pushFailed: m.push_failed,
  ...(m.voucher_campaign_id ? { voucherCampaignId: m.voucher_campaign_id } : {}),
});

/** A message as its reader sees it: in their language where the organizer wrote one. */
export const presentInboxMessage = (m: InboxMessageView, language: Language) => ({
  id: m.id, ...textIn(m, language), sentAt: m.sentAt, eventId: m.eventId, organizerId: m.organizerId, organizerName: m.organizerName, marketing: m.marketing,
  ...(m.voucherCampaignId ? { voucher: { campaignId: m.voucherCampaignId } } : {}),
});
