import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../router.tsx';
import { localEvent, localTicket, localTickets, syncTickets, type EventInfo, type WalletTicket } from '../lib/tickets.ts';
import { isAddon, isHeld, labelled, ticketsFirst } from '../lib/products.ts';
import { formatWhen } from '../lib/format.ts';
import { RotatingQr } from '../components/rotating-qr.tsx';
import { BackupOffer } from '../components/backup-offer.tsx';
import { KeepPostedOffer } from '../components/keep-posted-offer.tsx';
import { PushOffer } from '../components/push-offer.tsx';
import { ExchangeSection } from '../components/exchange-section.tsx';
import { HandOnSection } from '../components/hand-on-section.tsx';
import { takeFlag, useOnline } from '../lib/use-online.ts';

/** How often the screen asks whether the friend claimed the ticket, while its link is open. */
const claimPollMs = 3000;

/**
 * A ticket or add-on: its rotating QR from the phone's own store (offline), the others of its event to
 * switch to (one code on screen at a time), its reference for the help desk, and handing it on to a
 * friend. While a claim link is open the server is asked every few seconds, so the screen says "claimed
 * by your friend" as soon as the friend has it.
 */
export function TicketScreen({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const [ticket, setTicket] = useState<WalletTicket | null>();
  const [event, setEvent] = useState<EventInfo>();
  // Everything of this event on the phone, tickets first: each has a code of its own.
  const [siblings, setSiblings] = useState<WalletTicket[]>([]);
  const [claimed] = useState(() => takeFlag('claimed'));
  const online = useOnline();

  const load = useCallback(async () => {
    const found = (await localTicket(ticketId)) ?? null;
    setTicket(found);
    if (!found) return;
    setEvent(await localEvent(found.eventId));
    setSiblings(ticketsFirst((await localTickets()).filter((other) => other.eventId === found.eventId)));
  }, [ticketId]);

  // Refresh in the background; the QR on screen never waits for the network.
  const refresh = useCallback(() => void syncTickets().then(load, () => undefined), [load]);
  useEffect(() => {
    void load();
    refresh();
  }, [load, refresh]);

  const waitingForFriend = Boolean(ticket && isHeld(ticket) && (ticket.handOn || ticket.claimLink));
  useEffect(() => {
    if (!waitingForFriend) return;
    const timer = setInterval(refresh, claimPollMs);
    return () => clearInterval(timer);
  }, [waitingForFriend, refresh]);

  if (ticket === undefined) return <main className="page"><p aria-busy="true">{t('common.loading')}</p></main>;
  if (ticket === null) return <main className="page stack"><h1>{t('ticket.notFound')}</h1><Link to="/">{t('nav.tickets')}</Link></main>;
  const typeName = event?.ticketTypes.find((type) => type.id === ticket.ticketTypeId)?.name;
  const qrLabel = isAddon(ticket) && typeName ? t('ticket.addonQrLabel', { name: typeName, event: event?.name ?? '' }) : t('ticket.qrLabel', { name: event?.name ?? '' });
  // Labelled among all of the event's (so "Ticket 2" is the same here as in the list), switchable among those
  // still here; by name only, so that on a small phone they fit a row above the code.
  const switchable = labelled(t, siblings, event).filter(({ item }) => isHeld(item) || item.id === ticket.id);
  const usable = isHeld(ticket) && ticket.state === 'valid';

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
      {/* There before the friend claims, so that a screen reader hears the change. */}
      <div role="status">
        {ticket.handedOn && (
          <p className="notice ok-notice" data-testid="handed-on">
            <strong>{t(`ticket.${ticket.handedOn.reason}Title`)}</strong> {t(`ticket.${ticket.handedOn.reason}Body`)}
          </p>
        )}
      </div>
      {!ticket.handedOn && (ticket.credential && ticket.state === 'valid' ? (
        <RotatingQr credential={ticket.credential} label={qrLabel} testId="ticket-qr" />
      ) : (
        <p className="notice">{t(`state.${ticket.state}`)}</p>
      ))}
      {ticket.ref && <TicketRef reference={ticket.ref} />}
      {usable && event?.transferPolicy.mode === 'exchange' && <ExchangeSection ticket={ticket} event={event} onChange={setTicket} />}
      {usable && !ticket.listing && <HandOnSection ticket={ticket} event={event} onChange={setTicket} />}
      {online && claimed && <PushOffer />}
      {online && usable && event?.organizer && <KeepPostedOffer organizer={event.organizer} />}
      {online && <BackupOffer />}
    </main>
  );
}

/** The ticket's short reference in large type: what the help desk asks for, and nothing about its holder. */
function TicketRef({ reference }: { reference: string }) {
  const { t } = useTranslation();
  return (
    <section className="ticket-ref" aria-labelledby="ref-title">
      <h2 id="ref-title">{t('ticket.ref')}</h2>
      <p className="ref-code" data-testid="ticket-ref">{reference}</p>
      <p className="muted">{t('ticket.refHint')}</p>
    </section>
  );
}
