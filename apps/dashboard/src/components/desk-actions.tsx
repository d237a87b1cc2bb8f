import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client.ts';
import { useApi } from '../use-api.ts';
import { Field } from './field.tsx';
import { ErrorNotice } from './error-notice.tsx';
import { ConfirmNotice } from './confirm-notice.tsx';
import { explainError } from '../errors.ts';
import type { CheckInList, DeskTicket } from '../types.ts';

/**
 * What the desk can do with a ticket: let it in by hand (with a reason, after a confirmation), and ask
 * its holder to share it again when a friend lost the claim link, the one thing the desk can send.
 */
export function DeskActions({ ticket, onChange }: { ticket: DeskTicket; onChange: (ticket: DeskTicket) => void }) {
  const { t } = useTranslation();
  const [checkingIn, setCheckingIn] = useState(false);
  const [sent, setSent] = useState<string>();
  const [error, setError] = useState<unknown>();

  const resendClaimLink = async () => {
    setSent(undefined);
    setError(undefined);
    try {
      const answer = await api<{ linkStopped: boolean }>(`/api/v1/desk/tickets/${ticket.id}/claim-link`, 'POST', {});
      setSent(t(answer.linkStopped ? 'desk.claimLinkStopped' : 'desk.claimLinkSent'));
      // The history now says the holder was asked.
      const found = await api<{ tickets: DeskTicket[] }>(`/api/v1/desk/tickets?ref=${encodeURIComponent(ticket.ref)}`);
      const again = found.tickets.find((other) => other.id === ticket.id);
      if (again) onChange(again);
    } catch (caught) {
      setError(caught);
    }
  };

  if (checkingIn) return <HandCheckIn ticket={ticket} onDone={(next) => (onChange(next), setCheckingIn(false))} onCancel={() => setCheckingIn(false)} />;
  return (
    <div className="stack desk-actions">
      <div className="row">
        {ticket.state !== 'revoked' && (
          <button type="button" onClick={() => setCheckingIn(true)}>
            {t('desk.checkIn')}
          </button>
        )}
        {ticket.state === 'valid' && (
          <button type="button" className="secondary" onClick={() => void resendClaimLink()} aria-describedby={`claim-hint-${ticket.id}`}>
            {t('desk.claimLink')}
          </button>
        )}
      </div>
      {ticket.state === 'valid' && (
        <p className="hint muted" id={`claim-hint-${ticket.id}`}>
          {t('desk.claimLinkHint')}
        </p>
      )}
      {sent && (
        <p className="ok" role="status" data-testid="claim-link-sent">
          {sent}
        </p>
      )}
      <ErrorNotice error={error} />
    </div>
  );
}

/** Letting a ticket in by hand: on which list (the event's default one first) and why, confirmed before it counts as an entry. */
function HandCheckIn({ ticket, onDone, onCancel }: { ticket: DeskTicket; onDone: (ticket: DeskTicket) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const lists = useApi<{ lists: CheckInList[] }>(`/api/v1/events/${ticket.eventId}/check-in-lists`);
  const admitting = (lists.data?.lists ?? []).filter((list) => list.mode === 'ticket' && (list.ticketTypeIds ? list.ticketTypeIds.includes(ticket.ticketTypeId) : ticket.kind === 'admission'));
  const [listId, setListId] = useState('');
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const problem = explainError(error, t, ['reason', 'checkInListId']);
  const chosen = admitting.find((list) => list.id === listId) ?? admitting.find((list) => list.isDefault) ?? admitting[0];

  const checkIn = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api<{ ticket: DeskTicket }>(`/api/v1/desk/tickets/${ticket.id}/check-in`, 'POST', { reason: reason.trim(), ...(chosen ? { checkInListId: chosen.id } : {}) });
      onDone(answer.ticket);
    } catch (caught) {
      setConfirming(false);
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const ask = (formEvent: FormEvent<HTMLFormElement>) => {
    formEvent.preventDefault();
    setError(undefined);
    setConfirming(true);
  };

  return (
    <form className="add-form" onSubmit={ask} onInput={() => setConfirming(false)} data-testid="hand-check-in">
      <h3>{t('desk.checkInTitle', { ref: ticket.ref })}</h3>
      {admitting.length > 1 && (
        <Field label={t('desk.list')} error={problem.fields.checkInListId}>
          <select value={chosen?.id} onChange={(e) => setListId(e.target.value)}>
            {admitting.map((list) => (
              <option key={list.id} value={list.id}>{list.name}</option>
            ))}
          </select>
        </Field>
      )}
      <Field label={t('desk.reason')} hint={t('desk.reasonHint')} error={problem.fields.reason ?? (admitting.length > 1 ? undefined : problem.fields.checkInListId)}>
        <input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={300} autoComplete="off" />
      </Field>
      <ErrorNotice error={problem.form} />
      {confirming ? (
        <ConfirmNotice
          warning={t('desk.checkInWarning', { ref: ticket.ref, list: chosen?.name ?? t('desk.defaultList') })}
          confirm={t('desk.checkInConfirm')}
          keep={t('desk.keep')}
          busy={busy}
          onConfirm={() => void checkIn()}
          onKeep={() => setConfirming(false)}
        />
      ) : (
        <div className="row">
          <button type="submit">{t('desk.checkInNext')}</button>
          <button type="button" className="secondary" onClick={onCancel}>
            {t('app.cancel')}
          </button>
        </div>
      )}
    </form>
  );
}
