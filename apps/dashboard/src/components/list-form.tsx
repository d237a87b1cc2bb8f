import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client.ts';
import { Field } from './field.tsx';
import { ErrorNotice } from './error-notice.tsx';
import { explainError } from '../errors.ts';
import type { CheckInList, OrganizerEvent, VoucherCampaign } from '../types.ts';

type Mode = CheckInList['mode'];

/**
 * A check-in list made or changed: its name, where it scans (a door or a bar: fixed once made), which
 * products (or voucher campaigns) it admits, every admission type by default, and whether re-entry is allowed.
 */
export function ListForm({ event, campaigns, list, onSaved, onCancel }: { event: OrganizerEvent; campaigns: VoucherCampaign[]; list?: CheckInList; onSaved: () => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>(list?.mode ?? 'ticket');
  const [scope, setScope] = useState<'all' | 'some'>(list?.ticketTypeIds ? 'some' : 'all');
  const [error, setError] = useState<unknown>();
  const problem = explainError(error, t, ['name']);
  const [busy, setBusy] = useState(false);
  const options = mode === 'voucher' ? campaigns.map((c) => ({ id: c.id, name: c.name, kind: undefined })) : event.ticketTypes;
  const idPrefix = `list-${list?.id ?? 'new'}`;

  const submit = async (formEvent: FormEvent<HTMLFormElement>) => {
    formEvent.preventDefault();
    const formElement = formEvent.currentTarget;
    const form = new FormData(formElement);
    const ids = form.getAll('types').map(String);
    if (scope === 'some' && ids.length === 0) return setError(t(mode === 'voucher' ? 'lists.pickOneVoucher' : 'lists.pickOne'));
    const fields = {
      name: String(form.get('name')).trim(),
      // Re-entry is a matter of doors; a voucher is taken once whatever the list says.
      ...(mode === 'ticket' ? { allowReentry: form.get('allowReentry') === 'on' } : {}),
      // A default list always admits every type; the server refuses anything else for it.
      ...(list?.isDefault ? {} : { ticketTypeIds: scope === 'all' ? null : ids }),
    };
    setBusy(true);
    setError(undefined);
    try {
      const base = `/api/v1/events/${event.id}/check-in-lists`;
      await (list ? api(`${base}/${list.id}`, 'PATCH', fields) : api(base, 'POST', { ...fields, mode }));
      if (!list) {
        formElement.reset();
        setScope('all');
      }
      onSaved();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(formEvent) => void submit(formEvent)} className="stack" data-testid={list ? 'edit-list' : 'new-list'}>
      <Field label={t('lists.name')} hint={t('lists.nameHint')} error={problem.fields.name}>
        <input name="name" required maxLength={100} defaultValue={list?.name} />
      </Field>
      {!list && (
        <fieldset className="choices choices-row">
          <legend>{t('lists.mode')}</legend>
          {(['ticket', 'voucher'] as const).map((option) => (
            <label key={option} className={mode === option ? 'choice selected' : 'choice'}>
              <input type="radio" name="mode" value={option} checked={mode === option} onChange={() => (setMode(option), setScope('all'))} />
              <span>
                <strong>{t(`lists.mode_${option}`)}</strong>
                <span className="muted">{t(`lists.modeExplain_${option}`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {list?.isDefault ? (
        <p className="muted">{t('lists.defaultTypes')}</p>
      ) : (
        <fieldset>
          <legend>{t('lists.which')}</legend>
          {(['all', 'some'] as const).map((option) => (
            <label key={option} className="check">
              <input type="radio" name="scope" value={option} checked={scope === option} onChange={() => setScope(option)} />
              {t(mode === 'voucher' ? `lists.whichVoucher_${option}` : `lists.which_${option}`)}
            </label>
          ))}
          {scope === 'some' && mode === 'voucher' && options.length === 0 && <p className="notice">{t('lists.noCampaigns')}</p>}
          {scope === 'some' && (
            <div className="type-choices">
              {options.map((option) => (
                <label key={`${mode}-${option.id}`} className="check" htmlFor={`${idPrefix}-${option.id}`}>
                  <input type="checkbox" name="types" value={option.id} id={`${idPrefix}-${option.id}`} defaultChecked={list?.ticketTypeIds?.includes(option.id)} />
                  <span>
                    {option.name}
                    {option.kind && <span className="muted"> ({t(`types.kind_${option.kind}`)})</span>}
                  </span>
                </label>
              ))}
            </div>
          )}
        </fieldset>
      )}
      {mode === 'ticket' && (
        <div className="field">
          <label className="check">
            <input type="checkbox" name="allowReentry" defaultChecked={list?.allowReentry} aria-describedby={`${idPrefix}-reentry-hint`} /> {t('lists.allowReentry')}
          </label>
          <p className="hint muted" id={`${idPrefix}-reentry-hint`}>{t('lists.allowReentryHint')}</p>
        </div>
      )}
      <ErrorNotice error={problem.form} />
      <div className="row">
        <button type="submit" disabled={busy}>{list ? t('app.save') : t('lists.create')}</button>
        {onCancel && <button type="button" className="secondary" onClick={onCancel}>{t('app.cancel')}</button>}
      </div>
    </form>
  );
}
