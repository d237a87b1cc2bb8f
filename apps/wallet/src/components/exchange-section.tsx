import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/wallet-api.ts';
import { saveTicket, type EventInfo, type WalletTicket } from '../lib/tickets.ts';
import { formatMoney } from '../lib/format.ts';
import { ErrorText } from './error-text.tsx';

/**
 * Resale at face value, only where the event's policy is `exchange`: the ticket is offered to the
 * waiting list in order; until someone is offered it, the listing can be withdrawn.
 */
export function ExchangeSection({ ticket, event, onChange }: { ticket: WalletTicket; event: EventInfo; onChange: (t: WalletTicket) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  const type = event.ticketTypes.find((x) => x.id === ticket.ticketTypeId);
  const price = type ? formatMoney(type.priceCents, type.currency) : '';

  async function change(list: boolean) {
    setError(undefined);
    try {
      await api(list ? 'POST' : 'DELETE', `/api/v1/tickets/${ticket.id}/resale`, list ? {} : undefined);
      const updated = { ...ticket, listing: list ? { at: new Date().toISOString() } : undefined };
      await saveTicket(updated);
      onChange(updated);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section className="card stack" aria-labelledby="exchange-title">
      <h2 id="exchange-title">{t('exchange.title')}</h2>
      {ticket.listing ? (
        <>
          <p role="status" data-testid="listed">{t('exchange.listed', { price })}</p>
          <button type="button" className="secondary" onClick={() => void change(false)}>{t('exchange.withdraw')}</button>
        </>
      ) : (
        <>
          <p>{t('exchange.explain', { price })}</p>
          <button type="button" className="secondary" disabled={Boolean(ticket.handOn || ticket.claimLink)} onClick={() => void change(true)}>{t('exchange.list', { price })}</button>
        </>
      )}
      {error !== undefined && <ErrorText error={error} />}
    </section>
  );
}
