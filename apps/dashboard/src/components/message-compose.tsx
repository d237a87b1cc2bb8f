import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client.ts';
import { Field } from './field.tsx';
import { MessageForm } from './message-form.tsx';
import { MessagePreview } from './message-preview.tsx';
import { reachNow, useRecipientCount, type Audience, type Reach } from './recipient-count.ts';
import { count } from '../format.ts';
import type { OrganizerEvent, VoucherCampaign } from '../types.ts';

/** The live count in a sentence: "Reaches 12 holders", "fewer than 10" for a group the server hides. */
function reachText(reach: Reach, t: TFunction) {
  if (reach === undefined) return t('messages.counting');
  if (reach === 'unavailable') return t('messages.countUnavailable');
  return reach === null ? t('messages.willReachFew') : t('messages.willReach', { count: reach, formatted: count(reach) });
}

/**
 * A message to the holders of one event (or some of them): now, at a time, before the start or on
 * check-in. One sent now is first shown as the wallets will show it, with the number it reaches.
 */
export function MessageCompose({ event, campaigns, onSent }: { event: OrganizerEvent; campaigns: VoucherCampaign[]; onSent: () => void }) {
  const { t, i18n } = useTranslation();
  const [typeIds, setTypeIds] = useState<string[]>([]);
  const [checkedIn, setCheckedIn] = useState<'all' | 'yes' | 'no'>('all');
  const [marketing, setMarketing] = useState(false);

  const audience: Audience = {
    ...(typeIds.length ? { ticketTypeIds: typeIds } : {}),
    ...(checkedIn === 'all' ? {} : { checkedIn: checkedIn === 'yes' }),
  };
  const recipients = useRecipientCount(event.id, audience, marketing);
  const typeNames = event.ticketTypes.filter((type) => typeIds.includes(type.id)).map((type) => type.name);
  // Whom it goes to, in words: all holders unless some types or a check-in state are chosen.
  const whom = [
    typeNames.length ? t('messages.holdersOf', { types: typeNames.join(', ') }) : t('messages.allHolders', { event: event.name }),
    ...(checkedIn === 'all' ? [] : [t(checkedIn === 'yes' ? 'messages.whoInside' : 'messages.whoNotYet')]),
  ].join(' ');

  const toggleType = (id: string) => setTypeIds((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));
  const who = (
    <fieldset>
      <legend>{t('messages.segment')}</legend>
      {event.ticketTypes.length > 1 && (
        <fieldset className="plain-fieldset">
          <legend className="hint muted">{t('messages.typesHint')}</legend>
          {event.ticketTypes.map((type) => (
            <label key={type.id} className="check">
              <input type="checkbox" checked={typeIds.includes(type.id)} onChange={() => toggleType(type.id)} /> {type.name}
            </label>
          ))}
        </fieldset>
      )}
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
      <p data-testid="audience-summary">{t('messages.whom', { whom })}</p>
      <p className="recipients" aria-live="polite" data-testid="recipient-count">
        {reachText(recipients, t)}
      </p>
    </fieldset>
  );
  const voucherName = (id: unknown) => campaigns.find((c) => c.id === id)?.name;
  return (
    <MessageForm
      heading={t('messages.compose')}
      audience={who}
      whenOptions={['now', 'at', 'before_start', 'checkin']}
      campaigns={campaigns}
      confirm={(draft) =>
        !draft.sendAt &&
        !draft.trigger && (
          <>
            <p>{t('messages.confirmNow', { title: draft.translations[i18n.language === 'nl' ? 'nl' : 'en']?.title ?? draft.title, whom, reach: reachNow(recipients, t, 'messages') })}</p>
            <MessagePreview draft={draft} organizer={event.organizerName} event={event.name} voucher={voucherName(draft.voucherCampaignId)} />
          </>
        )
      }
      send={(draft) => api(`/api/v1/events/${event.id}/messages`, 'POST', { ...draft, audience, marketing })}
      sentKey="messages.sentTo"
      onSent={onSent}
      testId="compose"
    />
  );
}
