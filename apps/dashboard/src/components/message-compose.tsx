import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client.ts';
import { Field } from './field.tsx';
import { ErrorNotice } from './error-notice.tsx';
import { useRecipientCount, type Audience } from './recipient-count.ts';
import { count, fromLocalInput } from '../format.ts';
import type { OrganizerEvent, VoucherCampaign } from '../types.ts';

type When = 'now' | 'at' | 'before_start' | 'checkin';

type Text = { title: string; body: string };

/**
 * A message in Dutch, English or both: each visitor reads it in the wallet's language, and a visitor
 * in a language it was not written in gets the English text (else the Dutch one).
 */
export function messageText(nl: Text, en: Text) {
  const given = { ...(nl.title || nl.body ? { nl } : {}), ...(en.title || en.body ? { en } : {}) };
  const main = given.en ?? given.nl;
  return main && main.title && main.body && Object.values(given).every((t) => t.title && t.body) ? { ...main, translations: given } : undefined;
}

/** A message's title and text in one language, as the form fields `title<suffix>` and `body<suffix>`. */
function LanguageFields({ lang, legend, suffix }: { lang: string; legend: string; suffix: string }) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend lang={lang}>{legend}</legend>
      <Field label={t('messages.title')}>
        <input name={`title${suffix}`} lang={lang} maxLength={120} />
      </Field>
      <Field label={t('messages.body')}>
        <textarea name={`body${suffix}`} lang={lang} rows={4} maxLength={2000} />
      </Field>
    </fieldset>
  );
}

export function MessageCompose({ event, campaigns, onSent }: { event: OrganizerEvent; campaigns: VoucherCampaign[]; onSent: () => void }) {
  const { t } = useTranslation();
  const [typeIds, setTypeIds] = useState<string[]>([]);
  const [checkedIn, setCheckedIn] = useState<'all' | 'yes' | 'no'>('all');
  const [marketing, setMarketing] = useState(false);
  const [when, setWhen] = useState<When>('now');
  const [error, setError] = useState<unknown>();
  const [sent, setSent] = useState<string>();
  const [busy, setBusy] = useState(false);

  const audience: Audience = {
    ...(typeIds.length ? { ticketTypeIds: typeIds } : {}),
    ...(checkedIn === 'all' ? {} : { checkedIn: checkedIn === 'yes' }),
  };
  const recipients = useRecipientCount(event.id, audience, marketing);

  const submit = async (formEvent: FormEvent<HTMLFormElement>) => {
    formEvent.preventDefault();
    const formElement = formEvent.currentTarget;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const written = messageText({ title: text('titleNl'), body: text('bodyNl') }, { title: text('titleEn'), body: text('bodyEn') });
    if (!written) return setError(new Error(t('messages.needText')));
    const voucherCampaignId = text('voucher');
    const message: Record<string, unknown> = { ...written, audience, marketing };
    if (voucherCampaignId) message.voucherCampaignId = voucherCampaignId;
    if (when === 'at') message.sendAt = fromLocalInput(text('sendAt'));
    if (when === 'before_start') message.trigger = { type: 'before_start', minutes: Number(text('minutes')) };
    if (when === 'checkin') message.trigger = { type: 'checkin' };
    setBusy(true);
    setError(undefined);
    setSent(undefined);
    try {
      const answer = await api<{ status: string; recipients: number }>(`/api/v1/events/${event.id}/messages`, 'POST', message);
      setSent(answer.status === 'sent' ? t('messages.sentTo', { count: answer.recipients }) : t('messages.scheduled'));
      formElement.reset();
      setWhen('now');
      onSent();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const toggleType = (id: string) => setTypeIds((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));
  return (
    <form className="card" onSubmit={(formEvent) => void submit(formEvent)} data-testid="compose">
      <h2>{t('messages.compose')}</h2>
      <div className="grid-2">
        <LanguageFields lang="nl" legend={t('messages.dutch')} suffix="Nl" />
        <LanguageFields lang="en" legend={t('messages.english')} suffix="En" />
      </div>
      <p className="muted">{t('messages.bothLanguages')}</p>
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
      <fieldset>
        <legend>{t('messages.when')}</legend>
        {(['now', 'at', 'before_start', 'checkin'] as const).map((option) => (
          <label key={option} className="check">
            <input type="radio" name="when" value={option} checked={when === option} onChange={() => setWhen(option)} /> {t(`messages.when_${option}`)}
          </label>
        ))}
        {when === 'at' && (
          <Field label={t('messages.sendAt')}>
            <input name="sendAt" type="datetime-local" required />
          </Field>
        )}
        {when === 'before_start' && (
          <Field label={t('messages.minutesBefore')}>
            <input name="minutes" type="number" min={1} max={10080} required defaultValue={30} />
          </Field>
        )}
      </fieldset>
      <Field label={t('messages.voucher')} hint={campaigns.length === 0 ? t('messages.noCampaigns') : undefined}>
        <select name="voucher" defaultValue="">
          <option value="">{t('messages.noVoucher')}</option>
          {campaigns.map((c) => (
            <option key={c.id} value={c.id}>{c.name}</option>
          ))}
        </select>
      </Field>
      <ErrorNotice error={error} />
      {sent && <p className="ok" role="status" data-testid="sent">{sent}</p>}
      <button type="submit" disabled={busy} data-testid="send">{when === 'now' ? t('messages.sendNow') : t('messages.schedule')}</button>
    </form>
  );
}
