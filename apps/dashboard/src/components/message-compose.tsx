import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client.ts';
import { Field } from './field.tsx';
import { MessageForm } from './message-form.tsx';
import { useRecipientCount, type Audience } from './recipient-count.ts';
import { count } from '../format.ts';
import type { OrganizerEvent, VoucherCampaign } from '../types.ts';

/** A message to the holders of one event (or some of them): now, at a time, before the start or on check-in. */
export function MessageCompose({ event, campaigns, onSent }: { event: OrganizerEvent; campaigns: VoucherCampaign[]; onSent: () => void }) {
  const { t } = useTranslation();
  const [typeIds, setTypeIds] = useState<string[]>([]);
  const [checkedIn, setCheckedIn] = useState<'all' | 'yes' | 'no'>('all');
  const [marketing, setMarketing] = useState(false);

  const audience: Audience = {
    ...(typeIds.length ? { ticketTypeIds: typeIds } : {}),
    ...(checkedIn === 'all' ? {} : { checkedIn: checkedIn === 'yes' }),
  };
  const recipients = useRecipientCount(event.id, audience, marketing);

  const toggleType = (id: string) => setTypeIds((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));
  const who = (
    <fieldset>
      <legend>{t('messages.segment')}</legend>
      {event.ticketTypes.length > 1 &&
        event.ticketTypes.map((type) => (
          <label key={type.id} className="check">
            <input type="checkbox" checked={typeIds.includes(type.id)} onChange={() => toggleType(type.id)} /> {type.name}
          </label>
        ))}
      <Field label={t('messages.checkedIn')}>
        <select value={checkedIn} onChange={(e) => setCheckedIn(e.target.value as typeof checkedIn)}>
          <option value="all">{t('messages.everyone')}</option>
          <option value="yes">{t('messages.inside')}</option>
          <option value="no">{t('messages.notYet')}</option>
        </select>
      </Field>
      <label className="check">
        <input type="checkbox" checked={marketing} onChange={(e) => setMarketing(e.target.checked)} /> {t('messages.marketing')}
      </label>
      <p className="muted">{t('messages.marketingHint')}</p>
      <p className="recipients" aria-live="polite" data-testid="recipient-count">
        {recipients === null ? t('messages.countUnavailable') : recipients === undefined ? t('messages.counting') : t('messages.willReach', { count: recipients, formatted: count(recipients) })}
      </p>
    </fieldset>
  );
  return (
    <MessageForm
      heading={t('messages.compose')}
      audience={who}
      whenOptions={['now', 'at', 'before_start', 'checkin']}
      campaigns={campaigns}
      send={(draft) => api(`/api/v1/events/${event.id}/messages`, 'POST', { ...draft, audience, marketing })}
      sentKey="messages.sentTo"
      onSent={onSent}
      testId="compose"
    />
  );
}
