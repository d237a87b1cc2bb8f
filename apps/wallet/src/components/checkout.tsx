import { useTranslation } from 'react-i18next';
import { formatMoney } from '../lib/format.ts';
import { useNow } from '@ticketguard/web/use-now.ts';
import type { OrderView } from '../lib/orders.ts';
import type { EventInfo } from '../lib/tickets.ts';
import { Countdown } from './countdown.tsx';
import { ReceiptItems } from './receipt-items.tsx';

interface Props {
  view: OrderView;
  event: EventInfo;
  busy: boolean;
  onPay: () => void;
  /** Cancels the order while its hold runs; after, only closes the checkout. */
  onCancel: () => void;
}

/**
 * An order waiting for payment: what is in it, how long its seats are held (on the server's clock),
 * and paying or cancelling it. Shown just after ordering and whenever the buyer comes back to the event.
 */
export function Checkout({ view, event, busy, onPay, onCancel }: Props) {
  const { t } = useTranslation();
  const { order, payment } = view;
  const left = Date.parse(order.expiresAt) - useNow(1000);
  return (
    <section className="card hero stack" aria-labelledby="checkout-title" data-testid="checkout">
      <h2 id="checkout-title">{t('buy.checkout')}</h2>
      {payment.provider === 'sandbox' && <p className="notice">{t('buy.sandbox')}</p>}
      <ReceiptItems order={order} event={event} />
      <p className="total">{t('buy.total')}: <strong>{formatMoney(order.totalCents, order.currency)}</strong></p>
      {left > 0 ? (
        <Countdown label={t('buy.heldFor')} left={left} lastMinute={t('buy.lastMinute')} testId="hold-countdown" />
      ) : (
        <p className="notice" role="status">{t('buy.holdEnded')}</p>
      )}
      <div className="row">
        {left > 0 && <button type="button" disabled={busy} onClick={onPay}>{t('buy.pay')}</button>}
        <button type="button" className="secondary" disabled={busy} onClick={onCancel}>{t(left > 0 ? 'buy.cancelOrder' : 'buy.chooseAgain')}</button>
      </div>
    </section>
  );
}
