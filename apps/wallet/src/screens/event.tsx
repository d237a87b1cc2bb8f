import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '@ticketguard/web/api.ts';
import { serverNow } from '@ticketguard/web/server-clock.ts';
import { navigate } from '../router.tsx';
import { fetchEvent, localEvent, localTickets, syncTickets, type EventInfo, type TicketType } from '../lib/tickets.ts';
import { api, ensureAccount } from '../lib/wallet-api.ts';
import { formatList, formatMoment, formatMoney } from '../lib/format.ts';
import { basketOf, settled, withCount, withinAvailable, type Quantities } from '../lib/basket.ts';
import { heldTickets, isAddon } from '../lib/products.ts';
import { PolicyNote } from '../components/policy-note.tsx';
import { ErrorText } from '../components/error-text.tsx';
import { ProductRow } from '../components/product-row.tsx';
import { RoomCard } from '../components/room-card.tsx';
import { Checkout } from '../components/checkout.tsx';
import { EventDescription, EventHeader } from '../components/event-details.tsx';
import { joinQueue, lastPlace, loadPlace, queueing, type Place } from '../lib/queue.ts';
import { useNow } from '@ticketguard/web/use-now.ts';
import { idb } from '../lib/idb.ts';
import { cancelOrder, isOpen, myOrders, type OrderView } from '../lib/orders.ts';

/**
 * An event by its link: what, when, where and by whom, tickets and add-ons with live availability, and
 * buying them; an order waiting for payment is paid or cancelled at its checkout here.
 */
export function EventScreen({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const [event, setEvent] = useState<EventInfo>();
  const [error, setError] = useState<unknown>();
  // The products an error is about (the add-on that needs a ticket), for a sentence that names them.
  const [named, setNamed] = useState<string[]>([]);
  const [quantities, setQuantities] = useState<Quantities>({});
  const [order, setOrder] = useState<OrderView>();
  const [busy, setBusy] = useState(false);
  const [waiting, setWaiting] = useState<string[]>([]);
  // Tickets of this event already on the phone: an add-on may be bought on its own beside them.
  const [held, setHeld] = useState(0);
  // This phone's place in the event's waiting room, once it joined one.
  const [place, setPlace] = useState<Place | undefined>(() => lastPlace(eventId));
  // Ticking for a sale behind a room (the opening, the turn's countdown) or one that opens later.
  const now = useNow(event?.waitingRoom?.enabled || (event?.onSaleAt && Date.parse(event.onSaleAt) > Date.now()) ? 1000 : null);

  useEffect(() => void idb.get<string[]>('meta', 'waitlist').then((ids) => ids && setWaiting(ids)), []);
  useEffect(() => void localTickets().then((tickets) => setHeld(heldTickets(tickets, eventId))), [eventId]);
  useEffect(() => void loadPlace(eventId).then(setPlace, () => undefined), [eventId]);
  // An order of this event still waiting for payment: back at its checkout, to pay or cancel it.
  useEffect(() => {
    let live = true;
    const resumable = (view: OrderView) => view.order.eventId === eventId && !view.order.resale && isOpen(view, serverNow().getTime());
    myOrders().then((orders) => live && setOrder((current) => current ?? orders.find(resumable)), () => undefined);
    return () => void (live = false);
  }, [eventId]);
  // In the queue: its page shows the place live.
  useEffect(() => void (queueing(place) && navigate(`/q/${eventId}`, { replace: true })), [place, eventId]);

  const fail = (e: unknown, names: string[] = []) => (setError(e), setNamed(names));

  /** Sold out under the `exchange` policy: wait in line for a ticket someone offers at face value. */
  async function joinWaitlist(ticketTypeId: string) {
    fail(undefined);
    try {
      await ensureAccount();
      await api('POST', `/api/v1/events/${eventId}/waitlist`, { ticketTypeId });
      const ids = [...waiting, ticketTypeId];
      await idb.put('meta', 'waitlist', ids);
      setWaiting(ids);
    } catch (e) {
      fail(e);
    }
  }

  useEffect(() => {
    let live = true;
    void localEvent(eventId).then((cached) => live && cached && setEvent((current) => current ?? cached));
    const refresh = () => fetchEvent(eventId).then((e) => live && (setEvent(e), setError(undefined)), (e: unknown) => live && setError(e));
    void refresh();
    // Availability is live: other buyers take seats while this page is open.
    const timer = setInterval(() => document.visibilityState === 'visible' && void refresh(), 10_000);
    return () => ((live = false), clearInterval(timer));
  }, [eventId]);

  if (!event) return <main className="page">{error ? <ErrorText error={error} /> : <p aria-busy="true">{t('common.loading')}</p>}</main>;

  const basket = basketOf(event, quantities, held);
  const currency = event.ticketTypes[0]?.currency ?? 'EUR';
  const onSale = event.status === 'on_sale';
  const room = Boolean(event.waitingRoom?.enabled);
  const opensLater = Boolean(event.onSaleAt && Date.parse(event.onSaleAt) > now);
  // Behind a waiting room, only a turn that has not run out buys tickets (its 10 minutes, on the server's
  // clock); the room rations tickets, so a holder adds parking to the ticket it has without one.
  const turn = place?.state === 'admitted' && Date.parse(place.admissionExpiresAt!) > now ? place.admission : undefined;
  const addonsOnly = basket.items.length > 0 && basket.items.every((item) => basket.addons.some((type) => type.id === item.ticketTypeId));
  const mayBuy = onSale && !opensLater && (!room || turn !== undefined || addonsOnly);
  const change = (type: TicketType, n: number) => (setQuantities(withCount(event, quantities, held, type, n)), fail(undefined));

  async function buy() {
    setBusy(true);
    fail(undefined);
    try {
      await ensureAccount();
      const headers = { 'idempotency-key': crypto.randomUUID(), ...(turn ? { 'queue-admission': turn } : {}) };
      const placed = await api<OrderView>('POST', '/api/v1/orders', { eventId, items: basket.items }, headers);
      if (placed.payment.provider !== 'sandbox' && placed.payment.checkoutUrl) location.assign(placed.payment.checkoutUrl);
      else setOrder(placed);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'queue_required') void loadPlace(eventId).then(setPlace, () => undefined);
      fail(e, await namesFor(e));
    } finally {
      setBusy(false);
    }
  }

  async function join() {
    setBusy(true);
    fail(undefined);
    try {
      setPlace(await joinQueue(eventId));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  }

  /** After a refused order: what it was about, and the page brought up to date so the basket can be fixed. */
  async function namesFor(e: unknown) {
    if (!(e instanceof ApiError)) return [];
    const chosen = (filter: (type: TicketType) => boolean, from = event!) => from.ticketTypes.filter((type) => basket.count(type.id) > 0 && filter(type)).map((type) => type.name);
    if (e.code === 'admission_required') {
      // The phone thought it held a ticket: it was cancelled or moved meanwhile.
      void syncTickets().then((tickets) => {
        const now = heldTickets(tickets, eventId);
        setHeld(now);
        setQuantities((current) => settled(event!, current, now));
      }, () => undefined);
      return chosen((type) => isAddon(type) && Boolean(type.requiresAdmission));
    }
    if (e.code !== 'sales_stopped' && e.code !== 'sold_out') return [];
    const fresh = await fetchEvent(eventId).catch(() => undefined);
    if (!fresh) return [];
    setEvent(fresh);
    setQuantities(withinAvailable(fresh, quantities));
    return e.code === 'sales_stopped' ? chosen((type) => Boolean(type.salesStopped), fresh) : [];
  }

  async function pay() {
    if (!order) return;
    if (order.payment.provider !== 'sandbox' && order.payment.checkoutUrl) return location.assign(order.payment.checkoutUrl);
    setBusy(true);
    try {
      await api('POST', `/api/v1/orders/${order.order.id}/sandbox-payment`, { outcome: 'paid' });
      await syncTickets();
      navigate('/?bought=1');
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  }

  /** Cancels the order while its hold runs (its seats come back at once), and shows the tickets again. */
  async function cancel() {
    if (!order) return;
    setBusy(true);
    fail(undefined);
    try {
      if (isOpen(order, serverNow().getTime())) await cancelOrder(order.order.id);
      setOrder(undefined);
      setEvent(await fetchEvent(eventId));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  }

  const row = (type: TicketType) => (
    <ProductRow
      key={type.id}
      type={type}
      count={basket.count(type.id)}
      max={basket.maxOf(type)}
      onCount={(n) => change(type, n)}
      onSale={mayBuy}
      note={type.requiresAdmission && !held ? t('addons.withTicket') : undefined}
      blockedBy={basket.needsTicket(type) ? 'extras-why' : !isAddon(type) && basket.limitReached ? 'limit' : undefined}
    >
      {type.available === 0 && !type.salesStopped && event.transferPolicy.mode === 'exchange' && onSale ? (
        waiting.includes(type.id) ? (
          <p role="status" className="ok-text" data-testid="waiting">{t('exchange.waiting')}</p>
        ) : (
          <button type="button" className="secondary" onClick={() => void joinWaitlist(type.id)}>{t('exchange.join')}</button>
        )
      ) : undefined}
    </ProductRow>
  );

  const limit = event.maxTicketsPerAccount;
  const tickets = (
    <section key="tickets" className="card stack" aria-labelledby="types-title">
      <h2 id="types-title">{t('buy.tickets')}</h2>
      <ul className="type-list">{basket.tickets.map(row)}</ul>
      {limit !== null && (
        <p id="limit" className={basket.limitReached ? 'notice' : 'muted'} data-testid="limit">
          {[t('buy.limit', { count: limit }), basket.addons.length ? t('buy.limitExtras') : '', held ? t('buy.limitHeld', { count: held }) : ''].filter(Boolean).join(' ')}
        </p>
      )}
      <PolicyNote policy={event.transferPolicy} />
    </section>
  );
  const blocked = basket.addons.filter(basket.needsTicket).map((type) => type.name);
  const only = basket.addons.length === 1 ? basket.addons[0]!.name : undefined;
  const extras = basket.addons.length > 0 && (
    <section key="extras" className={`card stack${held ? ' hero' : ''}`} aria-labelledby="extras-title" data-testid="extras">
      <h2 id="extras-title">{held ? (only ? t('addons.addTo', { name: only, event: event.name }) : t('addons.extrasFor', { event: event.name })) : t('addons.title')}</h2>
      {held > 0 && <p>{t('addons.holder', { count: held })}</p>}
      {blocked.length > 0 && <p id="extras-why" className="notice">{t('addons.why', { count: blocked.length, name: formatList(blocked) })}</p>}
      <ul className="type-list">{basket.addons.map(row)}</ul>
    </section>
  );

  return (
    <main className="page stack">
      <EventHeader event={event} />
      {order ? (
        <Checkout view={order} event={event} busy={busy} onPay={() => void pay()} onCancel={() => void cancel()} />
      ) : (
        <>
          {!onSale && <p className="notice">{t(`buy.status.${event.status}`, { defaultValue: t('buy.notOnSale') })}</p>}
          {onSale && room && <RoomCard event={event} place={turn || place?.state !== 'admitted' ? place : { ...place, state: 'expired' }} now={now} busy={busy} onJoin={() => void join()} />}
          {onSale && !room && opensLater && <p className="notice">{t('buy.opens', { when: formatMoment(event.onSaleAt!) })}</p>}
          {held ? [extras, tickets] : [tickets, extras]}
          {event.ticketTypes.some((type) => type.available > 0) && (!room || turn || (held > 0 && basket.addons.length > 0)) && (
            <button type="button" disabled={busy || basket.items.length === 0 || !mayBuy} onClick={() => void buy()}>
              {basket.items.length ? t('buy.buyFor', { total: formatMoney(basket.total, currency) }) : t(basket.addons.length ? 'buy.chooseAny' : 'buy.choose')}
            </button>
          )}
        </>
      )}
      {error !== undefined && <ErrorText error={error} values={named.length ? { count: named.length, name: formatList(named) } : undefined} />}
      <EventDescription event={event} />
      <p className="muted">{t('buy.noData')}</p>
    </main>
  );
}
