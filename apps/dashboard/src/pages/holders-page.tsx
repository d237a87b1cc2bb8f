import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { BarList } from '@ticketguard/web/bar-list.tsx';
import { api } from '../api-client.ts';
import { useApi } from '../use-api.ts';
import { EventFrame } from '../components/event-frame.tsx';
import { Field } from '../components/field.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { explainError } from '../errors.ts';
import { dateTime } from '../format.ts';
import { TableScroll } from '../components/table-scroll.tsx';
import { answerLine, useQuestionText } from '../components/question-text.ts';

interface Holder {
  holderRef: string;
  tickets: number;
  /** One per ticket held, to revoke it by; no ticket id, so that nothing links holders across an erasure. */
  ticketHandles: string[];
  checkedIn: number;
  profile: Record<string, string>;
}

interface Transfer {
  ticketTypeId: string;
  from: string | null;
  to: string | null;
  reason: string;
  seq: number;
  at: string;
}

/** Holders under pseudonyms (reading them is audit-logged), every change of holder, and revoking a ticket. */
export function HoldersPage({ eventId }: { eventId: string }) {
  return <EventFrame eventId={eventId}>{(event) => <Holders eventId={eventId} typeName={(id) => event.ticketTypes.find((type) => type.id === id)?.name ?? '–'} />}</EventFrame>;
}

const short = (ref: string | null) => (ref ? ref.slice(0, 10) : '–');

function Holders({ eventId, typeName }: { eventId: string; typeName: (id: string) => string }) {
  const { t, i18n } = useTranslation();
  // Choice answers come as their options' labels in this language.
  const holders = useApi<{ holders: Holder[] }>(`/api/v1/events/${eventId}/holders?lang=${i18n.language.startsWith('nl') ? 'nl' : 'en'}`);
  const transfers = useApi<{ transfers: Transfer[] }>(`/api/v1/events/${eventId}/transfers`);
  const question = useQuestionText();
  const list = holders.data?.holders ?? [];
  const byReason = new Map<string, number>();
  for (const transfer of transfers.data?.transfers ?? []) byReason.set(transfer.reason, (byReason.get(transfer.reason) ?? 0) + 1);

  return (
    <>
      <section className="card" aria-labelledby="holders-heading">
        <h2 id="holders-heading">{t('holders.title', { count: list.length })}</h2>
        <p className="muted">{t('holders.intro')}</p>
        <ErrorNotice error={holders.error} />
        <TableScroll name={t('holders.title', { count: list.length })}>
          <table data-testid="holders">
            <thead>
              <tr>
                <th scope="col">{t('holders.ref')}</th>
                <th scope="col">{t('holders.tickets')}</th>
                <th scope="col">{t('holders.checkedIn')}</th>
                <th scope="col">{t('holders.profile')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((holder) => (
                <tr key={holder.holderRef}>
                  <td><code title={holder.holderRef}>{short(holder.holderRef)}</code></td>
                  <td>{holder.tickets}</td>
                  <td>{holder.checkedIn}</td>
                  <td>{Object.entries(holder.profile).map(([key, value]) => answerLine(question(key), value)).join(', ') || '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <section className="card" aria-labelledby="transfers-heading">
        <h2 id="transfers-heading">{t('holders.transfers')}</h2>
        <ErrorNotice error={transfers.error} />
        {byReason.size > 0 && <BarList title={t('holders.byReason')} bars={[...byReason].map(([reason, n]) => ({ label: t(`transferReasons.${reason}`, { defaultValue: reason }), value: n }))} />}
        <TableScroll name={t('holders.transfers')}>
          <table data-testid="transfers">
            <thead>
              <tr>
                <th scope="col">{t('holders.when')}</th>
                <th scope="col">{t('holders.ticket')}</th>
                <th scope="col">{t('holders.from')}</th>
                <th scope="col">{t('holders.to')}</th>
                <th scope="col">{t('holders.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {(transfers.data?.transfers ?? []).map((transfer) => (
                <tr key={`${transfer.at}-${transfer.from}-${transfer.seq}`}>
                  <td>{dateTime(transfer.at)}</td>
                  <td>{typeName(transfer.ticketTypeId)}</td>
                  <td><code>{short(transfer.from)}</code></td>
                  <td><code>{short(transfer.to)}</code></td>
                  <td>{t(`transferReasons.${transfer.reason}`, { defaultValue: transfer.reason })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <Revoke eventId={eventId} holders={list} onDone={() => (holders.reload(), transfers.reload())} />
    </>
  );
}

/** Any ticket a holder holds now can be revoked, whether or not it was ever handed on. */
function Revoke({ eventId, holders, onDone }: { eventId: string; holders: Holder[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  const problem = explainError(error, t, ['reason']);
  const [done, setDone] = useState<string>();
  const submit = async (formEvent: FormEvent<HTMLFormElement>) => {
    formEvent.preventDefault();
    const formElement = formEvent.currentTarget;
    const form = new FormData(formElement);
    setError(undefined);
    setDone(undefined);
    try {
      const handle = String(form.get('ticket'));
      const option = formElement.querySelector<HTMLOptionElement>(`option[value="${handle}"]`);
      await api(`/api/v1/events/${eventId}/tickets/${handle}/revoke`, 'POST', { reason: String(form.get('reason')), refund: form.get('refund') === 'on' });
      setDone(t('holders.revoked', { ticket: option?.textContent ?? '' }));
      formElement.reset();
      onDone();
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <form className="card" onSubmit={(formEvent) => void submit(formEvent)} aria-labelledby="revoke-heading">
      <h2 id="revoke-heading">{t('holders.revokeTitle')}</h2>
      <p className="muted">{t('holders.revokeIntro')}</p>
      <Field label={t('holders.ticket')}>
        <select name="ticket" required>
          {holders.flatMap((holder) =>
            holder.ticketHandles.map((handle, i) => (
              <option key={handle} value={handle}>{t('holders.ticketOption', { ticket: i + 1, holder: short(holder.holderRef) })}</option>
            )),
          )}
        </select>
      </Field>
      <Field label={t('holders.reason')} error={problem.fields.reason}>
        <input name="reason" required maxLength={200} />
      </Field>
      <label className="check">
        <input type="checkbox" name="refund" defaultChecked /> {t('holders.refund')}
      </label>
      <ErrorNotice error={problem.form} />
      {done && <p className="ok" role="status">{done}</p>}
      <button type="submit" className="danger" disabled={holders.length === 0}>{t('holders.revoke')}</button>
    </form>
  );
}
