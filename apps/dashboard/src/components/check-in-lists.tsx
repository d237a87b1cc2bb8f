import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, download } from '../api-client.ts';
import { useApi } from '../use-api.ts';
import { useMay } from '../session-context.tsx';
import { ErrorNotice } from './error-notice.tsx';
import { ConfirmNotice } from './confirm-notice.tsx';
import { ListForm } from './list-form.tsx';
import { count } from '../format.ts';
import type { CheckInList, OrganizerEvent, VoucherCampaign } from '../types.ts';

/** The event's check-in lists with who is inside on each, live; managers make, change and delete them. */
export function CheckInLists({ event }: { event: OrganizerEvent }) {
  const { t } = useTranslation();
  const lists = useApi<{ lists: CheckInList[] }>(`/api/v1/events/${event.id}/check-in-lists`, 5_000, true);
  const may = useMay();
  const manage = may('gate.manage');
  const campaigns = useApi<{ campaigns: VoucherCampaign[] }>(manage && may('insights.read') ? `/api/v1/events/${event.id}/voucher-campaigns` : null);
  const known = campaigns.data?.campaigns ?? [];
  if (lists.missing) return <p className="notice">{t('lists.unavailable')}</p>;
  return (
    <>
      <section aria-labelledby="lists-heading">
        <h2 id="lists-heading">{t('lists.title')}</h2>
        <p className="muted">{t('lists.intro')}</p>
        <ErrorNotice error={lists.error} />
        <ul className="card-list" data-testid="check-in-lists">
          {(lists.data?.lists ?? []).map((list) => (
            <ListCard key={list.id} event={event} list={list} campaigns={known} manage={manage} onChange={lists.reload} />
          ))}
        </ul>
        <p className="muted">{t('lists.defaultExplain')}</p>
      </section>
      {manage && (
        <section className="card" aria-labelledby="new-list-heading">
          <h2 id="new-list-heading">{t('lists.new')}</h2>
          <ListForm event={event} campaigns={known} onSaved={lists.reload} />
        </section>
      )}
    </>
  );
}

function ListCard({ event, list, campaigns, manage, onChange }: { event: OrganizerEvent; list: CheckInList; campaigns: VoucherCampaign[]; manage: boolean; onChange: () => void }) {
  const { t } = useTranslation();
  const mayExport = useMay()('exports.read');
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<unknown>();

  const named = list.mode === 'voucher' ? campaigns : event.ticketTypes;
  const admits = list.ticketTypeIds
    ? t('lists.admits', { names: list.ticketTypeIds.map((id) => named.find((n) => n.id === id)?.name).filter(Boolean).join(', ') })
    : t(`lists.admitsAll_${list.mode}`);
  const remove = () =>
    api(`/api/v1/events/${event.id}/check-in-lists/${list.id}`, 'DELETE').then(onChange, (caught: unknown) => setError(caught)).finally(() => setDeleting(false));
  const csv = () =>
    download(`/api/v1/events/${event.id}/check-ins.csv?listId=${list.id}`, `check-ins-${list.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.csv`).then(() => setError(undefined), setError);

  return (
    <li className="card" data-testid="check-in-list">
      <div className="row spread">
        <h3>{list.name}</h3>
        <span className="row badges">
          {list.isDefault && <span className="badge">{t('lists.default')}</span>}
          <span className="badge">{t(`lists.mode_${list.mode}`)}</span>
          {list.allowReentry && <span className="badge kind-addon">{t('lists.reentry')}</span>}
        </span>
      </div>
      {editing ? (
        <ListForm event={event} campaigns={campaigns} list={list} onSaved={() => (setEditing(false), onChange())} onCancel={() => setEditing(false)} />
      ) : (
        <>
          <p>{admits}</p>
          <p className="list-counts" data-testid="list-counts">
            {list.mode === 'voucher'
              ? t('lists.taken', { entries: count(list.entries) })
              : t('lists.counts', { inside: count(list.inside), entries: count(list.entries), exits: count(list.exits) })}
          </p>
          <div className="row">
            {manage && (
              <button type="button" className="secondary compact" onClick={() => setEditing(true)} aria-label={t('lists.editNamed', { name: list.name })}>
                {t('app.edit')}
              </button>
            )}
            {manage && !list.isDefault && (
              <button type="button" className="secondary compact" onClick={() => (setDeleting(true), setError(undefined))} aria-label={t('lists.deleteNamed', { name: list.name })}>
                {t('lists.delete')}
              </button>
            )}
            {/* Voucher scans are not check-ins of a ticket: the export holds entries and exits of ticket lists. */}
            {mayExport && list.mode === 'ticket' && (
              <button type="button" className="secondary compact" onClick={() => void csv()} aria-label={t('lists.csvNamed', { name: list.name })} data-testid="list-csv">
                {t('lists.csv')}
              </button>
            )}
          </div>
          {deleting && (
            <ConfirmNotice
              warning={t('lists.deleteWarning', { name: list.name })}
              confirm={t('lists.deleteConfirm', { name: list.name })}
              keep={t('lists.keep')}
              onConfirm={() => void remove()}
              onKeep={() => setDeleting(false)}
            />
          )}
          <ErrorNotice error={error} />
        </>
      )}
    </li>
  );
}
