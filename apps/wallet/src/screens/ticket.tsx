import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../router.tsx';
import { localEvent, localTicket, localTickets, saveTicket, syncTickets, type EventInfo, type WalletTicket } from '../lib/tickets.ts';
import { isAddon, isHeld, labelled, ticketsFirst } from '../lib/products.ts';
import { api } from '../lib/wallet-api.ts';
import { formatWhen } from '../lib/format.ts';
import { RotatingQr } from '../components/rotating-qr.tsx';
import { PolicyNote } from '../components/policy-note.tsx';
import { ErrorText } from '../components/error-text.tsx';
import { BackupOffer } from '../components/backup-offer.tsx';
import { KeepPostedOffer } from '../components/keep-posted-offer.tsx';
import { PushOffer } from '../components/push-offer.tsx';
import { ExchangeSection } from '../components/exchange-section.tsx';
import { takeFlag, useOnline } from '../lib/use-online.ts';

/**
 * A ticket or add-on: its rotating QR from the phone's own store (offline), the others of its event to
 * switch to (one code on screen at a time), and handing it on to a friend.
 */
export function TicketScreen({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const [ticket, setTicket] = useState<WalletTicket | null>();
  const [event, setEvent] = useState<EventInfo>();
  // Everything of this event on the phone, tickets first: each has a code of its own.
  const [siblings, setSiblings] = useState<WalletTicket[]>([]);
  const [error, setError] = useState<unknown>();
  const [shared, setShared] = useState<'shared' | 'copied'>();
  const [claimed] = useState(() => takeFlag('claimed'));
  const online = useOnline();

  useEffect(() => {
    let live = true;
    const load = async () => {
      const found = (await localTicket(ticketId)) ?? null;
      if (!live) return;
      setTicket(found);
      if (!found) return;
      setEvent(await localEvent(found.eventId));
      setSiblings(ticketsFirst((await localTickets()).filter((other) => other.eventId === found.eventId)));
    };
    void load();
    // Refresh in the background; the QR on screen never waits for the network.
    syncTickets().then(load, () => undefined);
    return () => void (live = false);
  }, [ticketId]);

  async function handOn() {
    if (!ticket) return;
    setError(undefined);
    try {
      const link = await api<{ url: string }>('POST', `/api/v1/tickets/${ticket.id}/claim-links`);
      const updated = { ...ticket, handOn: { url: link.url, at: new Date().toISOString() } };
      await saveTicket(updated);
      setTicket(updated);
      await share(link.url);
    } catch (e) {
      setError(e);
    }
  }

  async function share(url: string) {
    const data = { title: event?.name ?? 'Ticketguard', text: t('handOn.shareText', { name: event?.name ?? '' }), url };
    if (navigator.share && navigator.canShare?.(data)) {
      try {
        await navigator.share(data);
        setShared('shared');
        return;
      } catch {
        // Dismissed by the visitor, or not allowed here: copying is the fallback.
      }
    }
    await navigator.clipboard.writeText(url).then(() => setShared('copied'), () => setShared(undefined));
  }

  if (ticket === undefined) return <main className="page"><p aria-busy="true">{t('common.loading')}</p></main>;
  if (ticket === null) return <main className="page stack"><h1>{t('ticket.notFound')}</h1><Link to="/">{t('nav.tickets')}</Link></main>;
  const typeName = event?.ticketTypes.find((type) => type.id === ticket.ticketTypeId)?.name;
  const qrLabel = isAddon(ticket) && typeName ? t('ticket.addonQrLabel', { name: typeName, event: event?.name ?? '' }) : t('ticket.qrLabel', { name: event?.name ?? '' });
  // Labelled among all of the event's (so "Ticket 2" is the same here as in the list), switchable among those
  // still here; by name only, so that on a small phone they fit a row above the code.
  const switchable = labelled(t, siblings, event).filter(({ item }) => isHeld(item) || item.id === ticket.id);

  return (
    <main className="page stack ticket-screen">
      <header>
        <h1>{event?.name ?? t('home.event')}</h1>
        {event && <p className="muted">{event.venue} · {formatWhen(event.startsAt)}{typeName ? ` · ${typeName}` : ''}</p>}
      </header>
      {!online && <p className="notice" role="status">{t('ticket.offline')}</p>}
      {switchable.length > 1 && (
        <nav aria-label={t('ticket.onPhone', { name: event?.name ?? '' })}>
          <ul className="switcher">
            {switchable.map(({ item, label }) => (
              <li key={item.id}>
                <Link to={`/t/${item.id}`}>{label}</Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {ticket.handedOn || ticket.sold ? (
        <p className="notice">{t(ticket.sold ? 'ticket.sold' : 'ticket.handedOn')}</p>
      ) : ticket.credential && ticket.state === 'valid' ? (
        <RotatingQr credential={ticket.credential} label={qrLabel} testId="ticket-qr" />
      ) : (
        <p className="notice">{t(`state.${ticket.state}`)}</p>
      )}
      {!ticket.handedOn && !ticket.sold && ticket.state === 'valid' && event?.transferPolicy.mode === 'exchange' && (
        <ExchangeSection ticket={ticket} event={event} onChange={setTicket} />
      )}
      {!ticket.handedOn && !ticket.sold && ticket.state === 'valid' && !ticket.listing && (
        <section className="card stack" aria-labelledby="hand-on-title">
          <h2 id="hand-on-title">{t('handOn.title')}</h2>
          {ticket.claimable ? (
            <>
              <p>{ticket.handOn ? t('handOn.waiting') : t('handOn.explain')}</p>
              {ticket.handOn && <input readOnly aria-label={t('handOn.link')} value={ticket.handOn.url} data-testid="claim-link" onFocus={(e) => e.target.select()} />}
              <button type="button" className={ticket.handOn ? 'secondary' : ''} onClick={() => void (ticket.handOn ? share(ticket.handOn.url) : handOn())}>
                {ticket.handOn ? t('handOn.shareAgain') : t('handOn.button')}
              </button>
              {shared && <p role="status" className="ok-text">{t(`handOn.${shared}`)}</p>}
            </>
          ) : (
            <p className="muted">{t('handOn.notAllowed')}</p>
          )}
          {event && <PolicyNote policy={event.transferPolicy} />}
          {error !== undefined && <ErrorText error={error} />}
        </section>
      )}
      {online && claimed && <PushOffer />}
      {online && ticket.state === 'valid' && event?.organizer && <KeepPostedOffer organizer={event.organizer} />}
      {online && <BackupOffer />}
    </main>
  );
}
