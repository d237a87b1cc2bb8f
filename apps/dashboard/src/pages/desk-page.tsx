import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client.ts';
import { Field } from '../components/field.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { DeskTicketCard } from '../components/desk-ticket.tsx';
import { explainError } from '../errors.ts';
import type { DeskTicket } from '../types.ts';

/**
 * The help desk at the venue: a visitor reads out the short reference on their ticket screen, and the
 * desk sees that ticket's event, type, state and history, lets it in by hand, or asks its holder to
 * share it again. Never who holds it.
 */
export function DeskPage() {
  const { t } = useTranslation();
  const [found, setFound] = useState<{ ref: string; tickets: DeskTicket[] }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const problem = explainError(error, t, ['ref']);

  const lookUp = async (formEvent: FormEvent<HTMLFormElement>) => {
    formEvent.preventDefault();
    const ref = String(new FormData(formEvent.currentTarget).get('ref') ?? '').trim();
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api<{ tickets: DeskTicket[] }>(`/api/v1/desk/tickets?ref=${encodeURIComponent(ref)}`);
      setFound({ ref, tickets: answer.tickets });
    } catch (caught) {
      setFound(undefined);
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const replace = (ticket: DeskTicket) => setFound((current) => current && { ...current, tickets: current.tickets.map((other) => (other.id === ticket.id ? ticket : other)) });
  return (
    <>
      <h1>{t('desk.title')}</h1>
      <p className="muted">{t('desk.intro')}</p>
      <form className="card inline-form" onSubmit={(formEvent) => void lookUp(formEvent)} data-testid="desk-lookup">
        <Field label={t('desk.ref')} hint={t('desk.refHint')} error={problem.fields.ref}>
          <input name="ref" required maxLength={40} autoComplete="off" autoCapitalize="characters" spellCheck={false} className="ref-input" />
        </Field>
        <button type="submit" disabled={busy}>{t('desk.lookUp')}</button>
      </form>
      <ErrorNotice error={problem.form} />
      {found && found.tickets.length === 0 && (
        <p className="notice" role="status">
          {t('desk.notFound', { ref: found.ref })}
        </p>
      )}
      {found?.tickets.map((ticket) => <DeskTicketCard key={ticket.id} ticket={ticket} onChange={replace} />)}
    </>
  );
}
