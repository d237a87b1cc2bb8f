import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '@ticketguard/web/api.ts';
import { navigate } from '../router.tsx';
import { fetchEvent, localEvent, syncTickets, type EventInfo } from '../lib/tickets.ts';
import { api, ensureAccount } from '../lib/wallet-api.ts';
import { formatMoney, formatWhen } from '../lib/format.ts';
import { PolicyNote } from '../components/policy-note.tsx';
import { ErrorText } from '../components/error-text.tsx';
import { idb } from '../lib/idb.ts';
import type { OrderView } from '../lib/orders.ts';

/** An event by its link: ticket types with live availability, buy, and the sandbox checkout. */
export function EventScreen({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const [event, setEvent] = useState<EventInfo>();
  const [error, setError] = useState<unknown>();
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [order, setOrder] = useState<OrderView>();
  const [busy, setBusy] = useState(false);
  const [waiting, setWaiting] = useState<string[]>([]);

  useEffect(() => void idb.get<string[]>('meta', 'waitlist').then((ids) => ids && setWaiting(ids)), []);

  /** Sold out under the `exchange` policy: wait in line for a ticket someone offers at face value. */
  async function joinWaitlist(ticketTypeId: string) {
    setError(undefined);
    try {
      await ensureAccount();
      await api('POST', `/api/v1/events/${eventId}/waitlist`, { ticketTypeId });
      const ids = [...waiting, ticketTypeId];
      await idb.put('meta', 'waitlist', ids);
      setWaiting(ids);
    } catch (e) {
      setError(e);
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

  const items = Object.entries(quantities).filter(([, n]) => n > 0).map(([ticketTypeId, quantity]) => ({ ticketTypeId, quantity }));
  const total = event ? items.reduce((sum, item) => sum + item.quantity * (event.ticketTypes.find((x) => x.id === item.ticketTypeId)?.priceCents ?? 0), 0) : 0;
  const currency = event?.ticketTypes[0]?.currency ?? 'EUR';
  const max = event?.maxTicketsPerAccount ?? 10;

  async function buy() {
    setBusy(true);
    setError(undefined);
    try {
      await ensureAccount();
      const placed = await api<OrderView>('POST', '/api/v1/orders', { eventId, items }, { 'idempotency-key': crypto.randomUUID() });
      if (placed.payment.provider !== 'sandbox' && placed.payment.checkoutUrl) location.assign(placed.payment.checkoutUrl);
      else setOrder(placed);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function pay(outcome: 'paid' | 'failed') {
    if (!order) return;
    setBusy(true);
    try {
      await api('POST', `/api/v1/orders/${order.order.id}/sandbox-payment`, { outcome });
      if (outcome === 'failed') {
        setOrder(undefined);
        setError(new ApiError(402, 'payment_failed', ''));
        void fetchEvent(eventId).then(setEvent);
        return;
      }
      await syncTickets();
      navigate('/?bought=1');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (!event) return <main className="page">{error ? <ErrorText error={error} /> : <p aria-busy="true">{t('common.loading')}</p>}</main>;

  return (
    <main className="page stack">
      <header>
        <h1>{event.name}</h1>
        <p className="muted">{event.venue} · {formatWhen(event.startsAt)}</p>
      </header>
      {order ? (
        <section className="card stack" aria-labelledby="checkout-title">
          <h2 id="checkout-title">{t('buy.checkout')}</h2>
          <p className="notice">{t('buy.sandbox')}</p>
          <p className="total">{t('buy.total')}: <strong>{formatMoney(order.order.totalCents, order.order.currency)}</strong></p>
          <div className="row">
            <button type="button" disabled={busy} onClick={() => void pay('paid')}>{t('buy.pay')}</button>
            <button type="button" className="secondary" disabled={busy} onClick={() => void pay('failed')}>{t('buy.fail')}</button>
          </div>
        </section>
      ) : (
        <section className="card stack" aria-labelledby="types-title">
          <h2 id="types-title">{t('buy.tickets')}</h2>
          {event.status !== 'on_sale' && <p className="notice">{t(`buy.status.${event.status}`, { defaultValue: t('buy.notOnSale') })}</p>}
          <ul className="type-list">
            {event.ticketTypes.map((type) => {
              const n = quantities[type.id] ?? 0;
              const set = (value: number) => setQuantities({ ...quantities, [type.id]: Math.max(0, Math.min(value, type.available, max)) });
              return (
                <li key={type.id} className="type-row">
                  <div>
                    <strong>{type.name}</strong>
                    <div className="muted">{formatMoney(type.priceCents, type.currency)} · {type.available > 0 ? t('buy.available', { count: type.available }) : t('buy.soldOut')}</div>
                  </div>
                  {type.available === 0 && event.transferPolicy.mode === 'exchange' && event.status === 'on_sale' ? (
                    waiting.includes(type.id) ? (
                      <p role="status" className="ok-text" data-testid="waiting">{t('exchange.waiting')}</p>
                    ) : (
                      <button type="button" className="secondary" onClick={() => void joinWaitlist(type.id)}>{t('exchange.join')}</button>
                    )
                  ) : (
                  <div className="stepper" role="group" aria-label={t('buy.quantityOf', { name: type.name })}>
                    <button type="button" className="secondary" aria-label={t('buy.less', { name: type.name })} disabled={n === 0} onClick={() => set(n - 1)}>−</button>
                    <output aria-live="polite" data-testid={`quantity-${type.name}`}>{n}</output>
                    <button type="button" className="secondary" aria-label={t('buy.more', { name: type.name })} disabled={n >= type.available || n >= max || event.status !== 'on_sale'} onClick={() => set(n + 1)}>+</button>
                  </div>
                  )}
                </li>
              );
            })}
          </ul>
          <PolicyNote policy={event.transferPolicy} />
          {event.ticketTypes.some((type) => type.available > 0) && (
            <button type="button" disabled={busy || items.length === 0 || event.status !== 'on_sale'} onClick={() => void buy()}>
              {items.length ? t('buy.buyFor', { total: formatMoney(total, currency) }) : t('buy.choose')}
            </button>
          )}
        </section>
      )}
      {error !== undefined && <ErrorText error={error} />}
      <p className="muted">{t('buy.noData')}</p>
    </main>
  );
}
