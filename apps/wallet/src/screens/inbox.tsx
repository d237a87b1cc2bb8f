import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../router.tsx';
import { dpopProof } from '../lib/dpop.ts';
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
 * The inbox, live: Server-Sent Events carry every message as it is delivered. EventSource cannot
 * set headers, so the DPoP proof rides in `?dpop=`; a proof works once, so after any break the
 * stream is reopened by hand with a fresh proof rather than by EventSource's own retry. Messages
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
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout>;
    let delay = 2000;
    void cachedInbox().then((cached) => !stopped && setMessages((current) => (current.length ? current : cached)));

    const add = (message: Message) =>
      setMessages((current) => {
        const next = [message, ...current.filter((m) => m.id !== message.id)].sort((a, b) => b.sentAt.localeCompare(a.sentAt));
        void keepInbox(next);
        return next;
      });

    const open = async () => {
      if (stopped || !navigator.onLine) return;
      await ensureAccount();
      const proof = await dpopProof('GET', streamPath);
      if (stopped) return;
      source = new EventSource(`${streamPath}?dpop=${encodeURIComponent(proof)}&lang=${language}`);
      source.addEventListener('message', (event) => {
        const message = JSON.parse((event as MessageEvent<string>).data) as Message;
        add(message);
        if (message.voucher) void syncVouchers().catch(() => undefined);
      });
      source.addEventListener('ready', () => ((delay = 2000), setLive(true)));
      source.addEventListener('error', () => {
        source?.close();
        setLive(false);
        retry = setTimeout(() => void open().catch(() => undefined), delay);
        delay = Math.min(delay * 2, 60_000);
      });
    };
    void open().catch(() => undefined);
    const online = () => void open().catch(() => undefined);
    window.addEventListener('online', online);
    return () => {
      stopped = true;
      source?.close();
      clearTimeout(retry);
      window.removeEventListener('online', online);
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
