import { useTranslation } from 'react-i18next';
import { useApi } from '../use-api.ts';
import { EventFrame } from '../components/event-frame.tsx';
import { MessageCompose } from '../components/message-compose.tsx';
import { MessageList } from '../components/message-list.tsx';
import type { Message, OrganizerEvent, VoucherCampaign } from '../types.ts';

export function MessagesPage({ eventId }: { eventId: string }) {
  return <EventFrame eventId={eventId}>{(event) => <Messages event={event} />}</EventFrame>;
}

function Messages({ event }: { event: OrganizerEvent }) {
  const { t } = useTranslation();
  const messages = useApi<{ messages: Message[] }>(`/api/v1/events/${event.id}/messages`, 10_000);
  const campaigns = useApi<{ campaigns: VoucherCampaign[] }>(`/api/v1/events/${event.id}/voucher-campaigns`);
  return (
    <>
      <MessageCompose event={event} campaigns={campaigns.data?.campaigns ?? []} onSent={messages.reload} />
      <MessageList heading={t('messages.listTitle')} messages={messages} cancelBase={`/api/v1/events/${event.id}/messages`} />
    </>
  );
}
