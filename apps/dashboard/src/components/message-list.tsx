import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BarList } from '@ticketguard/web/bar-list.tsx';
import { api } from '../api-client.ts';
import type { Loaded } from '../use-api.ts';
import { ErrorNotice } from './error-notice.tsx';
import { dateTime } from '../format.ts';
import type { Message } from '../types.ts';

/**
 * Sent and scheduled messages, newest first, each with its status and how many it reached (numbers
 * only); a scheduled one can be cancelled at `${cancelBase}/<id>/cancel`. `audienceOf` says whom a
 * message was for, where the list mixes audiences.
 */
export function MessageList({ heading, messages, cancelBase, audienceOf }: { heading: string; messages: Loaded<{ messages: Message[] }>; cancelBase: string; audienceOf?: (message: Message) => ReactNode }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="sent-heading">
      <h2 id="sent-heading">{heading}</h2>
      <ErrorNotice error={messages.error} />
      {messages.data && messages.data.messages.length === 0 && <p className="muted">{t('messages.none')}</p>}
      <ul className="card-list" data-testid="messages">
        {(messages.data?.messages ?? []).map((message) => (
          <MessageItem key={message.id} cancelPath={`${cancelBase}/${message.id}/cancel`} message={message} audience={audienceOf?.(message)} onChange={messages.reload} />
        ))}
      </ul>
    </section>
  );
}

function MessageItem({ cancelPath, message, audience, onChange }: { cancelPath: string; message: Message; audience?: ReactNode; onChange: () => void }) {
  const { t, i18n } = useTranslation();
  // In the dashboard's language where the message was written in it; the other language is a line below.
  const own = message.translations?.[i18n.language as 'nl' | 'en'] ?? message;
  const others = Object.entries(message.translations ?? {}).filter(([, text]) => text.title !== own.title || text.body !== own.body);
  const trigger = message.trigger?.type ?? 'now';
  const when =
    message.status === 'sent'
      ? t('messages.sentAt', { at: dateTime(message.sentAt) })
      : trigger === 'before_start'
        ? t('messages.beforeStart', { minutes: message.trigger?.minutes })
        : trigger === 'checkin'
          ? t('messages.onCheckIn')
          : t('messages.at', { at: dateTime(message.sendAt) });
  const cancel = () => void api(cancelPath, 'POST').then(onChange, onChange);
  return (
    <li className="card">
      <div className="row spread">
        <h3>{own.title}</h3>
        <span className="badge">{t(`messages.status_${message.status}`)}</span>
      </div>
      <p className="message-body">{own.body}</p>
      {others.map(([language, text]) => (
        <p key={language} lang={language} className="message-body muted">
          {text.title}: {text.body}
        </p>
      ))}
      {audience && <p className="muted">{audience}</p>}
      <p className="muted">{when}</p>
      <BarList
        title={t('messages.delivery', { title: own.title })}
        bars={[
          { label: t('messages.recipients'), value: message.recipients },
          ...(message.delivered === undefined ? [] : [{ label: t('messages.delivered'), value: message.delivered }]),
          ...(message.pushSent === undefined ? [] : [{ label: t('messages.pushSent'), value: message.pushSent }]),
          ...(message.pushFailed === undefined ? [] : [{ label: t('messages.pushFailed'), value: message.pushFailed }]),
        ]}
        testId="delivery"
      />
      {message.status === 'scheduled' && (
        <button type="button" className="secondary compact" onClick={cancel}>{t('messages.cancel')}</button>
      )}
    </li>
  );
}
