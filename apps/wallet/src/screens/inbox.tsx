import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../router.tsx';
import { provedStream } from '../lib/proved-stream.ts';
import { ensureAccount } from '../lib/wallet-api.ts';
import { idb } from '../lib/idb.ts';
import { cachedInbox, keepInbox, markSeen, type Message } from '../lib/inbox.ts';
import type { EventInfo } from '../lib/tickets.ts';
import { syncVouchers } from '../lib/vouchers.ts';
import { formatWhen } from '../lib/format.ts';
import { useOrganizerNews } from '../lib/organizer-news.ts';
import { NewsFrom, StopNews } from '../components/organizer-news.tsx';

const isNews = (message: Message) => message.eventId === null;

const streamPath = '/api/v1/me/inbox/stream';

/**
 * The inbox, live: Server-Sent Events carry every message as it is delivered (see provedStream). Messages
 * come in the wallet's language where the organizer wrote one; switching language reopens the stream.
 * Each message about an event says which, by the name of the event the phone keeps; what is on screen
 * counts as read (the tab's badge counts what came after).
 */
export default function InboxScreen() {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'nl' ? 'nl' : 'en';
  const [messages, setMessages] = useState<Message[]>([]);
  const [live, setLive] = useState(false);
  const [eventNames, setEventNames] = useState(() => new Map<string, string>());
  const news = useOrganizerNews(messages.filter(isNews).flatMap((message) => message.organizerId ?? []));

  useEffect(() => {
    let stopped = false;
    void cachedInbox().then((cached) => !stopped && setMessages((current) => (current.length ? current : cached)));

    const add = (message: Message) =>
      setMessages((current) => {
        const next = [message, ...current.filter((m) => m.id !== message.id)].sort((a, b) => b.sentAt.localeCompare(a.sentAt));
        void keepInbox(next);
        return next;
      });

    const stop = provedStream(streamPath, `&lang=${language}`, {
      prepare: ensureAccount,
      upOn: 'ready',
      onUp: () => setLive(true),
      onDown: () => setLive(false),
      events: {
        message: (data) => {
          const message = JSON.parse(data) as Message;
          add(message);
          if (message.voucher) void syncVouchers().catch(() => undefined);
        },
      },
    });
    return () => {
      stopped = true;
      stop();
    };
  }, [language]);

  useEffect(() => void idb.all<EventInfo>('events').then((events) => setEventNames(new Map(events.map((event) => [event.id, event.name])))), []);
  useEffect(() => void markSeen(messages), [messages]);

  return (
    <main className="page stack">
      <div className="row spread">
        <h1>{t('inbox.title')}</h1>
        <span className={`badge ${live ? 'ok' : ''}`} data-testid="inbox-live">{t(live ? 'inbox.live' : 'inbox.notLive')}</span>
      </div>
      {messages.length === 0 && <p className="muted">{t('inbox.empty')}</p>}
      <ul className="ticket-list">
        {messages.map((message) => (
          <li key={message.id} className="card stack message" data-testid="message">
            <h2>{message.title}</h2>
            {isNews(message) && <NewsFrom organizer={message.organizerId && news.name(message.organizerId)} />}
            {message.eventId && eventNames.has(message.eventId) && (
              <p><span className="badge message-from" data-testid="message-event">{eventNames.get(message.eventId)}</span></p>
            )}
            <p className="muted">{formatWhen(message.sentAt)}</p>
            <p className="message-body">{message.body}</p>
            {message.voucher && <Link to="/vouchers">{t('inbox.voucher')}</Link>}
            {isNews(message) && message.organizerId && <StopNews organizerId={message.organizerId} news={news} />}
          </li>
        ))}
      </ul>
    </main>
  );
}
