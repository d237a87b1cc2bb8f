import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ensureAccount } from '../lib/wallet-api.ts';
import { syncTickets } from '../lib/tickets.ts';
import { formatMoney, formatWhen } from '../lib/format.ts';
import type { OrderView } from '../lib/orders.ts';
import { ErrorText } from './error-text.tsx';

/** A ticket from the exchange offered to this visitor (first on the waiting list): pay before it passes on. */
export function ResaleOffers({ onBought }: { onBought: () => void }) {
  const { t } = useTranslation();
  const [offers, setOffers] = useState<OrderView[]>([]);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    let live = true;
    ensureAccount()
      .then(() => api<{ orders: OrderView[] }>('GET', '/api/v1/me/orders'))
      .then(({ orders }) => live && setOffers(orders.filter((o) => o.order.resale && o.order.status === 'pending')), () => undefined);
    return () => void (live = false);
  }, []);

  async function pay(offer: OrderView) {
    setError(undefined);
    try {
      if (offer.payment.provider !== 'sandbox' && offer.payment.checkoutUrl) return location.assign(offer.payment.checkoutUrl);
      await api('POST', `/api/v1/orders/${offer.order.id}/sandbox-payment`, { outcome: 'paid' });
      await syncTickets();
      setOffers(offers.filter((o) => o !== offer));
      onBought();
    } catch (e) {
      setError(e);
    }
  }

  if (offers.length === 0) return null;
  return (
    <section className="card stack hero" aria-labelledby="offer-title" data-testid="resale-offer">
      <h2 id="offer-title">{t('exchange.offerTitle')}</h2>
      {offers.map((offer) => (
        <div key={offer.order.id} className="stack">
          <p>{t('exchange.offer', { price: formatMoney(offer.order.totalCents, offer.order.currency), until: formatWhen(offer.order.expiresAt) })}</p>
          <button type="button" onClick={() => void pay(offer)}>{t('exchange.pay', { price: formatMoney(offer.order.totalCents, offer.order.currency) })}</button>
        </div>
      ))}
      {error !== undefined && <ErrorText error={error} />}
    </section>
  );
}
