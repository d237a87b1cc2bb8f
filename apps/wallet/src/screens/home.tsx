import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isNetworkError } from '@ticketguard/web/api.ts';
import { Link } from '../router.tsx';
import { localEvent, localTickets, movedAt, syncTickets, type EventInfo, type WalletTicket } from '../lib/tickets.ts';
import { publicApi } from '../lib/wallet-api.ts';
import { formatWhen } from '../lib/format.ts';
import { takeFlag } from '../lib/use-online.ts';
import { heldTickets, isAddon, isHeld, labelled, ticketsFirst } from '../lib/products.ts';
import { ProductName } from '../components/product-name.tsx';
import { InstallHint } from '../components/install-hint.tsx';
import { PushOffer } from '../components/push-offer.tsx';
import { QuestionCard } from '../components/question-card.tsx';
import { ResaleOffers } from '../components/resale-offers.tsx';

interface Group { event?: EventInfo; eventId: string; tickets: WalletTicket[] }

async function grouped(tickets: WalletTicket[]) {
  const groups = new Map<string, Group>();
  for (const ticket of tickets) {
    const group = groups.get(ticket.eventId) ?? { eventId: ticket.eventId, event: await localEvent(ticket.eventId), tickets: [] };
    group.tickets.push(ticket);
    groups.set(ticket.eventId, group);
  }
  // Each event's add-ons under its tickets.
  for (const group of groups.values()) group.tickets = ticketsFirst(group.tickets);
  return [...groups.values()].sort((a, b) => (a.event?.startsAt ?? '').localeCompare(b.event?.startsAt ?? ''));
}

/** My tickets: from the phone first (works offline), then refreshed from the server. */
export function Home() {
  const { t } = useTranslation();
  const [groups, setGroups] = useState<Group[]>();
  const [offline, setOffline] = useState(false);
  const [demo, setDemo] = useState<EventInfo>();
  const [moved, setMoved] = useState(false);
  // What else needs the account waits for a good sync: a phone whose tickets moved away asks only once.
  const [synced, setSynced] = useState(false);

  useEffect(() => {
    let live = true;
    void localTickets().then(grouped).then((g) => live && setGroups((current) => current ?? g));
    syncTickets()
      .then(grouped)
      .then((g) => live && (setGroups(g), setOffline(false), setSynced(true)))
      .catch((error: unknown) => {
        if (!live) return;
        if (isNetworkError(error)) setOffline(true);
        void movedAt().then((at) => live && at && (setMoved(true), setGroups([])));
      });
    void movedAt().then((at) => live && at && setMoved(true));
    // A first-time visitor on an instance with the demo event (TG_DEMO=1) gets something to try.
    publicApi<{ eventId: string | null }>('GET', '/api/v1/demo')
      .then(({ eventId }) => (eventId ? publicApi<EventInfo>('GET', `/api/v1/events/${eventId}`) : undefined))
      .then((e) => live && e && setDemo(e), () => undefined);
    return () => void (live = false);
  }, []);

  const hasTickets = Boolean(groups?.some((group) => group.tickets.some(isHeld)));
  // Just bought or claimed: the moment to offer notifications about these tickets.
  const [justArrived] = useState(() => takeFlag('bought') || takeFlag('recovered'));
  /** The link to the event page offers a holder of its tickets the add-ons they have none of yet. */
  const offer = (group: Group) => {
    const has = (typeId: string) => group.tickets.some((ticket) => ticket.ticketTypeId === typeId && isHeld(ticket));
    const addons = group.event?.ticketTypes.filter((type) => isAddon(type) && !type.salesStopped && !has(type.id)) ?? [];
    if (!group.event || addons.length === 0 || heldTickets(group.tickets, group.eventId) === 0) return undefined;
    return addons.length === 1 ? t('addons.addTo', { name: addons[0]!.name, event: group.event.name }) : t('addons.extrasFor', { event: group.event.name });
  };

  return (
    <main className="page stack">
      <h1>{t('home.title')}</h1>
      {offline && <p className="notice" role="status">{t('common.offline')}</p>}
      {moved && <p className="notice" role="status">{t('home.moved')}</p>}
      {justArrived && <p className="notice ok-notice" role="status">{t('home.bought')}</p>}
      {synced && <ResaleOffers onBought={() => void syncTickets().then(grouped).then(setGroups)} />}
      {groups && groups.length === 0 && (
        <section className="card stack hero">
          <h2>{t('home.emptyTitle')}</h2>
          <p>{t('home.emptyBody')}</p>
          {demo && (
            <Link className="button" to={`/e/${demo.id}`}>
              {t('home.tryDemo', { name: demo.name })}
            </Link>
          )}
          <p className="muted">{t('home.noData')}</p>
        </section>
      )}
      {groups?.map((group) => (
        <section key={group.eventId} className="card stack" aria-label={group.event?.name}>
          <div>
            <h2>{group.event?.name ?? t('home.event')}</h2>
            {group.event && <p className="muted">{group.event.venue} · {formatWhen(group.event.startsAt)}</p>}
          </div>
          <ul className="ticket-list">
            {labelled(t, group.tickets, group.event).map(({ item: ticket, label }) => {
              const name = <ProductName label={label} kind={ticket.kind} />;
              return (
                <li key={ticket.id}>
                  {ticket.handedOn ? (
                    <div className="ticket-row handed" data-testid="ticket-row">
                      {name}
                      <span className="badge">{t(`home.${ticket.handedOn.reason}`)}</span>
                    </div>
                  ) : (
                    <Link className="ticket-row" to={`/t/${ticket.id}`} data-testid="ticket-row">
                      {name}
                      <span className="badge">{ticket.listing ? t('home.listed') : ticket.handOn || ticket.claimLink ? t('home.linkOpen') : t(`state.${ticket.state}`)}</span>
                    </Link>
                  )}
                </li>
              );
            })}
          </ul>
          <p>
            <Link to={`/e/${group.eventId}`}>{offer(group) ?? t('home.eventPage')}</Link>
          </p>
        </section>
      ))}
      {justArrived && <PushOffer />}
      {synced && hasTickets && <QuestionCard />}
      <InstallHint />
      <p>
        <Link to="/orders">{t('home.orders')}</Link>
      </p>
      <p>
        <Link to="/recover">{t('home.recover')}</Link>
      </p>
    </main>
  );
}
