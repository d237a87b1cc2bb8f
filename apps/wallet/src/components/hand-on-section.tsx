import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/wallet-api.ts';
import { saveTicket, type EventInfo, type WalletTicket } from '../lib/tickets.ts';
import { PolicyNote } from './policy-note.tsx';
import { ErrorText } from './error-text.tsx';

/**
 * Handing a ticket on to a friend: a one-time claim link, shared or copied; while nobody used it, it can
 * be shared again or cancelled. A link made elsewhere (another browser, the help desk) shows as open
 * without its address, which only its maker saw.
 */
export function HandOnSection({ ticket, event, onChange }: { ticket: WalletTicket; event?: EventInfo; onChange: (ticket: WalletTicket) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<'shared' | 'copied' | 'cancelled'>();
  const open = Boolean(ticket.handOn || ticket.claimLink);

  async function change(update: () => Promise<Partial<WalletTicket>>) {
    setError(undefined);
    try {
      const updated = { ...ticket, ...(await update()) };
      await saveTicket(updated);
      onChange(updated);
    } catch (e) {
      setError(e);
    }
  }

  const makeLink = () =>
    change(async () => {
      const link = await api<{ url: string; expiresAt: string }>('POST', `/api/v1/tickets/${ticket.id}/claim-links`);
      void share(link.url);
      return { handOn: { url: link.url, at: new Date().toISOString() }, claimLink: { expiresAt: link.expiresAt } };
    });

  const cancel = () =>
    change(async () => {
      await api('DELETE', `/api/v1/tickets/${ticket.id}/claim-links`);
      setDone('cancelled');
      return { handOn: undefined, claimLink: null };
    });

  async function share(url: string) {
    const data = { title: event?.name ?? 'Ticketguard', text: t('handOn.shareText', { name: event?.name ?? '' }), url };
    if (navigator.share && navigator.canShare?.(data)) {
      try {
        await navigator.share(data);
        setDone('shared');
        return;
      } catch {
        // Dismissed by the visitor, or not allowed here: copying is the fallback.
      }
    }
    await navigator.clipboard.writeText(url).then(() => setDone('copied'), () => setDone(undefined));
  }

  return (
    <section className="card stack" aria-labelledby="hand-on-title">
      <h2 id="hand-on-title">{t('handOn.title')}</h2>
      {!ticket.claimable ? (
        <p className="muted">{t('handOn.notAllowed')}</p>
      ) : open ? (
        <>
          <p>{t('handOn.waiting')}</p>
          {ticket.handOn && <input readOnly aria-label={t('handOn.link')} value={ticket.handOn.url} data-testid="claim-link" onFocus={(e) => e.target.select()} />}
          <div className="row">
            {ticket.handOn && <button type="button" className="secondary" onClick={() => void share(ticket.handOn!.url)}>{t('handOn.shareAgain')}</button>}
            <button type="button" className="secondary" onClick={() => void cancel()}>{t('handOn.cancel')}</button>
          </div>
        </>
      ) : (
        <>
          <p>{t('handOn.explain')}</p>
          <button type="button" onClick={() => void makeLink()}>{t('handOn.button')}</button>
        </>
      )}
      <p role="status" className="ok-text">{done && t(`handOn.${done}`)}</p>
      {event && <PolicyNote policy={event.transferPolicy} />}
      {error !== undefined && <ErrorText error={error} />}
    </section>
  );
}
