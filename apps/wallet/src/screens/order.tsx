import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, isNetworkError } from '@ticketguard/web/api.ts';
import { Link } from '../router.tsx';
import { fetchEvent, localEvent, syncTickets, type EventInfo } from '../lib/tickets.ts';
import { useOrder, type OrderView } from '../lib/orders.ts';
import { useOnline } from '../lib/use-online.ts';
import { formatMoney, formatWhen } from '../lib/format.ts';
import { labelled, ticketsFirst } from '../lib/products.ts';
import { ErrorText } from '../components/error-text.tsx';
import { ProductName } from '../components/product-name.tsx';
import { PushOffer } from '../components/push-offer.tsx';

type Outcome = 'waiting' | 'paid' | 'failed' | 'canceled' | 'expired' | 'refunded' | 'attention';

function outcomeOf({ order, payment }: OrderView): Outcome {
  if (order.status === 'pending') return 'waiting';
  if (order.status === 'paid') return 'paid';
  if (order.status === 'refunded') return 'refunded';
  if (order.status === 'needs_attention') return 'attention';
  if (order.status === 'expired') return 'expired';
  return payment.status === 'canceled' ? 'canceled' : 'failed';
}

/** The event of the order, from the phone first, then fresh: for its name and the ticket types' names. */
function useEvent(eventId: string | undefined) {
  const [event, setEvent] = useState<EventInfo>();
  useEffect(() => {
    if (!eventId) return;
    let live = true;
    void localEvent(eventId).then((cached) => live && cached && setEvent((current) => current ?? cached));
    fetchEvent(eventId).then((fresh) => live && setEvent(fresh), () => undefined);
    return () => void (live = false);
  }, [eventId]);
  return event;
}

/**
 * The payment provider's return address, /o/<order id>: waits for the bank's answer by asking the
 * server (which asks the provider), puts the tickets on the phone once paid, and says plainly what
 * happened otherwise.
 */
export function OrderScreen({ orderId }: { orderId: string }) {
  const { t } = useTranslation();
  const { view, error } = useOrder(orderId);
  const event = useEvent(view?.order.eventId);
  const online = useOnline();
  const [stored, setStored] = useState(false);
  const [storeError, setStoreError] = useState<unknown>();
  const outcome = view && outcomeOf(view);
  // Stripe's "back" link returns here with ?left=1 while the payment is still open.
  const leftPayment = new URLSearchParams(location.search).has('left');

  // Paid: the tickets come onto the phone (with their credentials, for the QR offline) before we say so.
  useEffect(() => {
    if (outcome !== 'paid' || stored || !online) return;
    let live = true;
    syncTickets().then(
      () => live && (setStored(true), setStoreError(undefined)),
      (e: unknown) => live && setStoreError(e),
    );
    return () => void (live = false);
  }, [outcome, stored, online]);

  const notFound = error instanceof ApiError && error.status === 404;
  const amount = view ? formatMoney(view.order.totalCents, view.order.currency) : '';

  let status: ReactNode;
  if (notFound) status = <Status title={t('order.notFoundTitle')} body={t('order.notFoundBody')} />;
  else if (!view) status = <Status title={t('order.checking')} busy />;
  else if (outcome === 'waiting' && leftPayment) status = <Status title={t('order.leftTitle')} amount={amount} body={t('order.leftBody')} />;
  else if (outcome === 'waiting') status = <Status title={t('order.waitingTitle')} amount={amount} body={t('order.waitingBody')} busy />;
  else if (outcome === 'paid') status = stored ? <Status title={t('order.paidTitle')} body={t('order.paidBody')} /> : <Status title={t('order.storing')} busy />;
  else if (outcome === 'refunded') status = <Status title={t('order.refundedTitle')} body={t('order.refundedBody', { amount })} />;
  else if (outcome === 'attention') status = <Status title={t('order.attentionTitle')} body={t('order.attentionBody')} />;
  else {
    const reason = view.order.statusReason === 'payment_provider_unavailable' ? t('errors.payment_provider_unavailable') : t('order.nothingCharged');
    status = <Status title={t(`order.${outcome}Title`)} body={reason} />;
  }

  return (
    <main className="page stack">
      {/* One region that stays in place while its words change, so a screen reader hears each change. */}
      <section className={`card stack order-status${outcome === 'paid' && stored ? ' hero' : ''}`} aria-live="polite" data-testid="order-status">
        {status}
      </section>
      {!online && <p className="notice" role="status">{t('order.offline')}</p>}
      {online && error !== undefined && !notFound && <ErrorText error={error} />}
      {online && storeError !== undefined && !isNetworkError(storeError) && <ErrorText error={storeError} />}
      {view && <Actions view={view} outcome={outcome!} stored={stored} event={event} />}
      {notFound && <Link className="button" to="/">{t('home.title')}</Link>}
    </main>
  );
}

function Status({ title, amount, body, busy = false }: { title: string; amount?: string; body?: string; busy?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="order-heading">
        {busy && <span className="spinner" aria-hidden="true" data-testid="busy" />}
        <h1>{title}</h1>
      </div>
      {amount && <p className="total">{t('buy.total')}: <strong>{amount}</strong></p>}
      {body && <p>{body}</p>}
    </>
  );
}

/** What the visitor can do next: back to the bank, to the tickets, or to try again. */
function Actions({ view, outcome, stored, event }: { view: OrderView; outcome: Outcome; stored: boolean; event?: EventInfo }) {
  const { t } = useTranslation();
  const { order, payment } = view;
  const about = event && <p className="muted">{event.name} · {formatWhen(event.startsAt)}</p>;

  if (outcome === 'waiting') {
    return (
      <>
        <p>{t('order.heldUntil', { when: formatWhen(order.expiresAt) })}</p>
        {payment.checkoutUrl && (
          <p>
            {t('order.cameBack')} <a href={payment.checkoutUrl}>{t('order.backToPayment')}</a>
          </p>
        )}
        {about}
      </>
    );
  }
  if (outcome === 'paid') {
    if (!stored) return about ?? null;
    return (
      <>
        <section className="card stack" aria-labelledby="order-tickets">
          <div>
            <h2 id="order-tickets">{event?.name ?? t('home.event')}</h2>
            {event && <p className="muted">{event.venue} · {formatWhen(event.startsAt)}</p>}
          </div>
          <ul className="ticket-list">
            {labelled(t, ticketsFirst(order.tickets), event).map(({ item: ticket, label }) => (
              <li key={ticket.id}>
                <Link className="ticket-row" to={`/t/${ticket.id}`} data-testid="order-ticket">
                  <ProductName label={label} kind={ticket.kind} />
                  <span className="badge">{t(`state.${ticket.state}`)}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
        <Link className="button" to="/">{t('home.title')}</Link>
        <PushOffer />
      </>
    );
  }
  if (outcome === 'refunded' || outcome === 'attention') {
    return (
      <>
        {about}
        <Link className="button secondary" to="/">{t('home.title')}</Link>
      </>
    );
  }
  return (
    <>
      {about}
      <Link className="button" to={`/e/${order.eventId}`}>{t('order.tryAgain')}</Link>
    </>
  );
}
