import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isScanReason, reasonLabels } from '@ticketguard/protocol';
import { DeskActions } from './desk-actions.tsx';
import { date, dateTime } from '../format.ts';
import type { DeskEvent, DeskTicket } from '../types.ts';

/** One moment of a ticket's history in plain words: "Let in at Main entrance (Entrance)", "Refused at Bar: already used". */
function happened(entry: DeskEvent, t: TFunction, language: 'nl' | 'en') {
  if (entry.what === 'checked_in_by_hand') return t('desk.history.checked_in_by_hand', { list: entry.list ?? t('desk.defaultList'), note: entry.note });
  if (entry.what !== 'scanned') return t(`desk.history.${entry.what}`);
  const list = entry.list ? ` (${entry.list})` : '';
  const conflict = entry.conflict ? ` ${t('desk.history.conflict')}` : '';
  if (entry.verdict === 'rejected') {
    const reason = entry.reason && isScanReason(entry.reason) ? reasonLabels[language][entry.reason] : (entry.reason ?? '');
    return `${t('desk.history.refused', { gate: entry.gate, reason })}${list}`;
  }
  return `${t(entry.direction === 'in' ? 'desk.history.in' : 'desk.history.out', { gate: entry.gate })}${list}${conflict}`;
}

/** A ticket found at the desk: its event, type, state and where it is inside, its history with times, and what the desk can do. */
export function DeskTicketCard({ ticket, onChange }: { ticket: DeskTicket; onChange: (ticket: DeskTicket) => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'nl' ? 'nl' : 'en';
  return (
    <section className="card" aria-labelledby={`desk-${ticket.id}`} data-testid="desk-ticket">
      <h2 id={`desk-${ticket.id}`}>{t('desk.ticket', { ref: ticket.ref })}</h2>
      <dl className="facts">
        <dt>{t('desk.event')}</dt>
        <dd>
          {ticket.eventName} <span className="muted">· {date(ticket.eventStartsAt)}</span>
        </dd>
        <dt>{t('desk.type')}</dt>
        <dd>
          {ticket.ticketTypeName}
          {ticket.kind === 'addon' && <> <span className="badge kind-addon">{t('types.kind_addon')}</span></>}
        </dd>
        <dt>{t('desk.state')}</dt>
        <dd data-testid="desk-state">
          <span className={`badge desk-${ticket.state}`}>{t(`desk.state_${ticket.state}`)}</span>
        </dd>
        <dt>{t('desk.inside')}</dt>
        <dd data-testid="desk-inside">{ticket.insideOn.length ? ticket.insideOn.map((list) => list.name).join(', ') : t('desk.notInside')}</dd>
      </dl>
      <h3>{t('desk.historyTitle')}</h3>
      <ol className="desk-history" data-testid="desk-history">
        {ticket.history.map((entry, i) => (
          <li key={`${entry.at}-${i}`}>
            <time dateTime={entry.at}>{dateTime(entry.at)}</time> <span>{happened(entry, t, language)}</span>
          </li>
        ))}
      </ol>
      <DeskActions ticket={ticket} onChange={onChange} />
    </section>
  );
}
