import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api-client.ts';
import { useApi } from '../use-api.ts';
import { useMay } from '../session-context.tsx';
import { EventFrame } from '../components/event-frame.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { ConfirmNotice } from '../components/confirm-notice.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { TableScroll } from '../components/table-scroll.tsx';
import { dateTime, money } from '../format.ts';
import type { OrderNeedingAttention, Refund } from '../types.ts';

/** The reasons the server itself gives a refund, by their words in the locales; any other is the revoker's own text. */
const reasonKeys: Record<string, string> = {
  late_payment: 'late_payment',
  amount_mismatch: 'amount_mismatch',
  'event cancelled': 'event_cancelled',
  'resold on the exchange': 'resold',
};

/** The event's money going back: orders paid with the wrong amount, waiting for a decision, and every refund, live. */
export function EventPaymentsPage({ eventId }: { eventId: string }) {
  return <EventFrame eventId={eventId}>{() => <EventPayments eventId={eventId} />}</EventFrame>;
}

function EventPayments({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  // Refunds move on as the provider pays out, so both lists refresh like the other live screens.
  const refunds = useApi<{ refunds: Refund[] }>(`/api/v1/events/${eventId}/refunds`, 5_000, true);
  const attention = useApi<{ orders: OrderNeedingAttention[] }>(`/api/v1/events/${eventId}/orders-needing-attention`, 5_000, true);
  const list = refunds.data?.refunds ?? [];
  const reason = (text: string) => (reasonKeys[text] ? t(`eventPayments.reasons.${reasonKeys[text]}`) : text);

  if (refunds.missing) return <p className="notice">{t('app.unavailable')}</p>;
  return (
    <>
      {(attention.data?.orders.length ?? 0) > 0 && (
        <NeedingAttention eventId={eventId} orders={attention.data!.orders} onRefunded={() => (attention.reload(), refunds.reload())} />
      )}
      <ErrorNotice error={attention.error} />
      <section className="card" aria-labelledby="refunds-heading">
        <h2 id="refunds-heading">{t('eventPayments.refundsTitle')}</h2>
        <p className="muted">{t('eventPayments.refundsIntro')}</p>
        <ErrorNotice error={refunds.error} />
        {refunds.data && list.length === 0 && <p className="muted">{t('eventPayments.none')}</p>}
        {list.length > 0 && (
          <TableScroll name={t('eventPayments.refundsTitle')}>
            <table className="refund-table" data-testid="refunds">
              <thead>
                <tr>
                  <th scope="col">{t('app.time')}</th>
                  <th scope="col">{t('eventPayments.amount')}</th>
                  <th scope="col">{t('eventPayments.reason')}</th>
                  <th scope="col">{t('eventPayments.status')}</th>
                  <th scope="col">{t('eventPayments.providerReference')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((refund) => (
                  <tr key={refund.id} data-refund={refund.id}>
                    <td>{dateTime(refund.createdAt)}</td>
                    <td>{money(refund.amountCents, refund.currency)}</td>
                    <td>{reason(refund.reason)}</td>
                    <td>
                      <StatusBadge status={refund.status} label={t(`eventPayments.status_${refund.status}`)} testId="refund-status" />
                      {refund.error && (
                        <p className={refund.status === 'failed' ? 'error refund-error' : 'muted refund-error'}>
                          {t(refund.status === 'failed' ? 'eventPayments.failedWith' : 'eventPayments.retrying', { error: refund.error })}
                        </p>
                      )}
                    </td>
                    <td>
                      {t(`payments.name_${refund.provider}`, { defaultValue: refund.provider })}
                      {refund.providerReference && <> <code>{refund.providerReference}</code></>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </>
  );
}

/** Orders the provider reported paid with another amount or currency: no tickets were issued, so the money goes back. */
function NeedingAttention({ eventId, orders, onRefunded }: { eventId: string; orders: OrderNeedingAttention[]; onRefunded: () => void }) {
  const { t } = useTranslation();
  const may = useMay();
  const [confirming, setConfirming] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const refund = async (order: OrderNeedingAttention) => {
    setBusy(true);
    setError(undefined);
    try {
      await api(`/api/v1/events/${eventId}/orders/${order.id}/refund`, 'POST');
      setConfirming(undefined);
    } catch (caught) {
      // 409: someone else refunded it meanwhile; say so instead of the server's sentence.
      setError(caught instanceof ApiError && caught.code === 'invalid_state' ? t('eventPayments.alreadyHandled') : caught);
    } finally {
      setBusy(false);
      onRefunded();
    }
  };

  return (
    <section className="card attention" aria-labelledby="attention-heading">
      <h2 id="attention-heading">{t('eventPayments.attentionTitle')}</h2>
      <p className="muted">{t('eventPayments.attentionIntro')}</p>
      <ul className="plain-list" data-testid="attention">
        {orders.map((order) => {
          const paid = money(order.reportedAmountCents, order.reportedCurrency);
          return (
            <li key={order.id} className="stack" data-order={order.id}>
              <dl className="facts">
                <dt>{t('eventPayments.buyer')}</dt>
                <dd><code title={order.holderRef}>{order.holderRef.slice(0, 10)}</code></dd>
                <dt>{t('eventPayments.asked')}</dt>
                <dd>{money(order.totalCents, order.currency)}</dd>
                <dt>{t('eventPayments.reported')}</dt>
                <dd data-testid="reported">{paid}</dd>
                <dt>{t('eventPayments.paymentReference')}</dt>
                <dd>
                  {t(`payments.name_${order.provider}`, { defaultValue: order.provider })} <code className="wrap">{order.paymentReference ?? '–'}</code>
                </dd>
                <dt>{t('app.time')}</dt>
                <dd>{dateTime(order.reportedAt ?? order.createdAt)}</dd>
              </dl>
              {may('refunds.manage') &&
                (confirming === order.id ? (
                  <ConfirmNotice
                    warning={t('eventPayments.refundWarning', { amount: paid, provider: t(`payments.name_${order.provider}`, { defaultValue: order.provider }) })}
                    confirm={t('eventPayments.refundConfirm', { amount: paid })}
                    keep={t('eventPayments.keep')}
                    busy={busy}
                    onConfirm={() => void refund(order)}
                    onKeep={() => setConfirming(undefined)}
                  />
                ) : (
                  <button type="button" className="secondary" onClick={() => setConfirming(order.id)} aria-label={t('eventPayments.refundNamed', { amount: paid, buyer: order.holderRef.slice(0, 10) })}>
                    {t('eventPayments.refund')}
                  </button>
                ))}
            </li>
          );
        })}
      </ul>
      <ErrorNotice error={error} />
    </section>
  );
}
