import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client.ts';
import { useApi } from '../use-api.ts';
import { MessageForm } from './message-form.tsx';
import { MessageList } from './message-list.tsx';
import { reachNow, useAudienceCount } from './recipient-count.ts';
import { SegmentBuilder, noSegment, toSegment, type SegmentChoice } from './segment-builder.tsx';
import { dateTime } from '../format.ts';
import type { Message, OrganizerEvent, Segment, VoucherCampaign } from '../types.ts';

/**
 * Messages to the visitors of earlier events: the segment builder with its live count beside the
 * composer (sent after a confirmation), and the messages sent so far with how many they reached.
 */
export function SegmentMessages({ k }: { k: number }) {
  const { t } = useTranslation();
  const events = useApi<{ events: OrganizerEvent[] }>('/api/v1/events');
  const campaigns = useApi<{ campaigns: VoucherCampaign[] }>('/api/v1/voucher-campaigns');
  const messages = useApi<{ messages: Message[] }>('/api/v1/messages', 10_000, true);
  const [choice, setChoice] = useState<SegmentChoice>(noSegment);
  const segment = toSegment(choice);
  const reach = useAudienceCount(choice.eventIds.length ? '/api/v1/audience' : null, segment);
  if (messages.missing) return null;

  // Drafts have had no visitors; the rest in order of their start, as on the rest of the page.
  const all = [...(events.data?.events ?? [])].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const shown = all.filter((e) => e.status !== 'draft');
  const eventName = (id: string) => all.find((e) => e.id === id)?.name;
  const names = (ids: string[]) => ids.map((id) => eventName(id) ?? id).join(', ');
  const typeName = (id: string) => all.flatMap((e) => e.ticketTypes).find((type) => type.id === id)?.name ?? id;

  const audienceOf = (message: Message) => {
    const audience = message.audience as Segment | undefined;
    if (!audience?.heldEventIds) return undefined;
    return [
      t('segments.to', { events: names(audience.heldEventIds) }),
      ...(audience.checkedIn === undefined ? [] : [t(audience.checkedIn ? 'segments.toCheckedIn' : 'segments.toNotCheckedIn')]),
      ...(audience.ticketTypeIds ? [t('segments.toTypes', { types: audience.ticketTypeIds.map(typeName).join(', ') })] : []),
    ].join(' · ');
  };

  return (
    <>
      <div className="segment-layout">
        <SegmentBuilder events={shown} choice={choice} onChange={setChoice} reach={reach} k={k} />
        <MessageForm
          heading={t('segments.compose')}
          whenOptions={['now', 'at']}
          campaigns={campaigns.data?.campaigns ?? []}
          eventName={eventName}
          notReady={choice.eventIds.length ? undefined : t('segments.chooseEvent')}
          confirm={(draft) =>
            t(draft.sendAt ? 'segments.confirmAt' : 'segments.confirmNow', { title: draft.title, events: names(choice.eventIds), reach: reachNow(reach, t, 'segments', k), at: dateTime(draft.sendAt) })
          }
          send={(draft) => api('/api/v1/messages', 'POST', { ...draft, audience: segment })}
          sentKey="segments.sentTo"
          onSent={messages.reload}
          testId="segment-compose"
        />
      </div>
      <MessageList heading={t('segments.sentTitle')} messages={messages} cancelBase="/api/v1/messages" audienceOf={audienceOf} />
    </>
  );
}
