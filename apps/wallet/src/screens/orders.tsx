import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { serverNow } from '@ticketguard/web/server-clock.ts';
import { Link } from '../router.tsx';
import { isOpen, myOrders, type OrderView } from '../lib/orders.ts';
import { formatMoney, formatPercent, formatWhen } from '../lib/format.ts';
import { ReceiptItems } from '../components/receipt-items.tsx';
import { ErrorText } from '../components/error-text.tsx';

/** Orders worth a receipt: paid (also those paid back or kept aside), and those still waiting for payment. */
const shown = (view: OrderView, now: number) => ['paid', 'refunded', 'needs_attention'].includes(view.order.status) || isOpen(view, now);

/** My orders: a receipt for each, with its items, amounts, the VAT included and when it was paid. */
export default function OrdersScreen() {
  const { t } = useTranslation();
  const [orders, setOrders] = useState<OrderView[]>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    let live = true;
    myOrders().then((all) => live && setOrders(all.filter((view) => shown(view, serverNow().getTime()))), (e: unknown) => live && setError(e));
    return () => void (live = false);
  }, []);

  return (
    <main className="page stack">
      <h1>{t('orders.title')}</h1>
      {orders?.length === 0 && <p className="muted">{t('orders.empty')}</p>}
      {!orders && error === undefined && <p aria-busy="true">{t('common.loading')}</p>}
      {orders?.map(({ order }) => (
        <section key={order.id} className="card stack receipt" aria-labelledby={`receipt-${order.id}`} data-testid="receipt">
          <div>
            <h2 id={`receipt-${order.id}`}>{order.eventName}</h2>
            <p className="muted">
              {order.paidAt
                ? t('orders.paidAt', { when: formatWhen(order.paidAt) })
                : order.status === 'pending'
                  ? t('orders.heldUntil', { when: formatWhen(order.expiresAt) })
                  : t('orders.orderedAt', { when: formatWhen(order.createdAt) })}
            </p>
          </div>
          <ReceiptItems order={order} />
          <p className="total">{t('buy.total')}: <strong>{formatMoney(order.totalCents, order.currency)}</strong></p>
          {order.vat && <p className="muted">{t('orders.vat', { percent: formatPercent(order.vat.basisPoints), amount: formatMoney(order.vat.cents, order.currency) })}</p>}
          {order.status === 'refunded' && <p className="notice">{t('orders.refunded')}</p>}
          {order.status === 'needs_attention' && <p className="notice">{t('order.attentionBody')}</p>}
          {order.status === 'pending' && <Link to={`/e/${order.eventId}`}>{t('orders.resume')}</Link>}
        </section>
      ))}
      {error !== undefined && <ErrorText error={error} />}
    </main>
  );
}
