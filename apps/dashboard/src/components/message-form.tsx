import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from './field.tsx';
import { ErrorNotice } from './error-notice.tsx';
import { explainError } from '../errors.ts';
import { ConfirmNotice } from './confirm-notice.tsx';
import { fromLocalInput } from '../format.ts';
import type { VoucherCampaign } from '../types.ts';

export type When = 'now' | 'at' | 'before_start' | 'checkin';

export type Text = { title: string; body: string };

/** A message as the form has it, before its audience is added: the text (in each language written), when, and a voucher. */
export type Draft = Record<string, unknown> & Text & { translations: Partial<Record<'nl' | 'en', Text>>; sendAt?: string };

/**
 * A message in Dutch, English or both: each visitor reads it in the wallet's language, and a visitor
 * in a language it was not written in gets the English text (else the Dutch one).
 */
export function messageText(nl: Text, en: Text) {
  const given: Draft['translations'] = { ...(nl.title || nl.body ? { nl } : {}), ...(en.title || en.body ? { en } : {}) };
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

export interface MessageFormProps {
  heading: string;
  /** The "who" part between the text and the time: the audience and its live count. */
  audience?: ReactNode;
  whenOptions: readonly When[];
  campaigns: VoucherCampaign[];
  /** Names the event of a campaign, to group the vouchers of several events. */
  eventName?: (eventId: string) => string | undefined;
  /** Why the message cannot go yet (no audience chosen), said instead of sending. */
  notReady?: string;
  /** What a second click confirms before the message goes; without it (or for a draft it says nothing about), it goes on the first. */
  confirm?: (draft: Draft) => ReactNode;
  send: (draft: Draft) => Promise<{ status: string; recipients: number }>;
  /** The translation key of "Sent to N …", with count. */
  sentKey: string;
  onSent: () => void;
  testId?: string;
}

/** Writes a message in one language or both, sets when it goes and a voucher, and sends it, after a confirmation where asked. */
export function MessageForm({ heading, audience, whenOptions, campaigns, eventName, notReady, confirm, send, sentKey, onSent, testId }: MessageFormProps) {
  const { t } = useTranslation();
  const form = useRef<HTMLFormElement>(null);
  const [when, setWhen] = useState<When>('now');
  const [error, setError] = useState<unknown>();
  const problem = explainError(error, t, ['sendAt', 'trigger.minutes', 'voucherCampaignId']);
  const [sent, setSent] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<Draft>();

  const draft = (): Draft | undefined => {
    const data = new FormData(form.current!);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const written = messageText({ title: text('titleNl'), body: text('bodyNl') }, { title: text('titleEn'), body: text('bodyEn') });
    if (!written) return void setError(new Error(t('messages.needText')));
    if (notReady) return void setError(new Error(notReady));
    const message: Draft = { ...written };
    if (text('voucher')) message.voucherCampaignId = text('voucher');
    if (when === 'at') message.sendAt = fromLocalInput(text('sendAt'));
    if (when === 'before_start') message.trigger = { type: 'before_start', minutes: Number(text('minutes')) };
    if (when === 'checkin') message.trigger = { type: 'checkin' };
    return message;
  };

  const go = async (message: Draft) => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await send(message);
      setSent(answer.status === 'sent' ? t(sentKey, { count: answer.recipients }) : t('messages.scheduled'));
      form.current?.reset();
      setWhen('now');
      setPending(undefined);
      onSent();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const submit = (formEvent: FormEvent<HTMLFormElement>) => {
    formEvent.preventDefault();
    setSent(undefined);
    setError(undefined);
    const message = draft();
    if (!message) return;
    if (confirm?.(message)) setPending(message);
    else void go(message);
  };

  const groups = eventName ? [...new Set(campaigns.map((c) => c.eventId))].map((id) => [eventName(id) ?? id, campaigns.filter((c) => c.eventId === id)] as const) : [];
  const option = (c: VoucherCampaign) => <option key={c.id} value={c.id}>{c.name}</option>;
  return (
    <form ref={form} className="card" onSubmit={submit} onInput={() => setPending(undefined)} data-testid={testId}>
      <h2>{heading}</h2>
      <div className="grid-2 languages">
        <LanguageFields lang="nl" legend={t('messages.dutch')} suffix="Nl" />
        <LanguageFields lang="en" legend={t('messages.english')} suffix="En" />
      </div>
      <p className="muted">{t('messages.bothLanguages')}</p>
      {audience}
      <fieldset>
        <legend>{t('messages.when')}</legend>
        {whenOptions.map((option) => (
          <label key={option} className="check">
            <input type="radio" name="when" value={option} checked={when === option} onChange={() => setWhen(option)} /> {t(`messages.when_${option}`)}
          </label>
        ))}
        {when === 'at' && (
          <Field label={t('messages.sendAt')} error={problem.fields.sendAt}>
            <input name="sendAt" type="datetime-local" required />
          </Field>
        )}
        {when === 'before_start' && (
          <Field label={t('messages.minutesBefore')} error={problem.fields['trigger.minutes']}>
            <input name="minutes" type="number" min={1} max={10080} required defaultValue={30} />
          </Field>
        )}
      </fieldset>
      <Field label={t('messages.voucher')} hint={campaigns.length === 0 ? t('messages.noCampaigns') : undefined} error={problem.fields.voucherCampaignId}>
        <select name="voucher" defaultValue="">
          <option value="">{t('messages.noVoucher')}</option>
          {eventName ? groups.map(([name, list]) => <optgroup key={name} label={name}>{list.map(option)}</optgroup>) : campaigns.map(option)}
        </select>
      </Field>
      <ErrorNotice error={problem.form} />
      {sent && <p className="ok" role="status" data-testid="sent">{sent}</p>}
      {pending && confirm ? (
        <ConfirmNotice
          warning={confirm(pending)}
          confirm={pending.sendAt ? t('confirmMessage.schedule') : t('confirmMessage.send')}
          keep={t('confirmMessage.keep')}
          busy={busy}
          onConfirm={() => void go(pending)}
          onKeep={() => setPending(undefined)}
        />
      ) : (
        <button type="submit" disabled={busy} data-testid="send">{when === 'now' ? t('messages.sendNow') : t('messages.schedule')}</button>
      )}
    </form>
  );
}
