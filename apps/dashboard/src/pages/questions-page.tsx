import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { BarList } from '@ticketguard/web/bar-list.tsx';
import { api } from '../api-client.ts';
import { useApi } from '../use-api.ts';
import { Field } from '../components/field.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import type { OrganizerEvent, VoucherCampaign } from '../types.ts';

interface Question {
  id: string;
  key: string;
  text: { nl: string; en: string };
  purpose: string;
  moment: string;
  rewardVoucherCampaignId?: string | null;
  answers: number;
  declines: number;
}

const moments = ['after_purchase', 'after_checkin', 'after_event'] as const;

/** The voucher campaigns of all the organizer's events, grouped by event, to pick a question's reward from. */
function useCampaigns() {
  const events = useApi<{ events: OrganizerEvent[] }>('/api/v1/events');
  const campaigns = useApi<{ campaigns: VoucherCampaign[] }>('/api/v1/voucher-campaigns');
  const all = campaigns.data?.campaigns ?? [];
  return (events.data?.events ?? [])
    .map((event) => ({ event, campaigns: all.filter((c) => c.eventId === event.id) }))
    .filter((group) => group.campaigns.length > 0);
}

/** Progressive profile questions: one at a time, with a purpose and a moment; a "no" loses only the reward. */
export function QuestionsPage() {
  const { t, i18n } = useTranslation();
  const questions = useApi<{ questions: Question[] }>('/api/v1/profile-questions', undefined, true);
  const campaigns = useCampaigns();
  const campaignName = (id: string) => campaigns.flatMap((e) => e.campaigns).find((c) => c.id === id)?.name ?? id;
  const [error, setError] = useState<unknown>();

  const create = async (formEvent: FormEvent<HTMLFormElement>) => {
    formEvent.preventDefault();
    const formElement = formEvent.currentTarget;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    setError(undefined);
    try {
      await api('/api/v1/profile-questions', 'POST', {
        key: text('key'),
        text: { nl: text('nl'), en: text('en') },
        purpose: text('purpose'),
        moment: text('moment'),
        ...(text('reward') ? { rewardVoucherCampaignId: text('reward') } : {}),
      });
      formElement.reset();
      questions.reload();
    } catch (caught) {
      setError(caught);
    }
  };

  const language = i18n.language === 'nl' ? 'nl' : 'en';
  return (
    <>
      <h1>{t('questions.title')}</h1>
      <p className="muted">{t('questions.intro')}</p>
      <ErrorNotice error={questions.error} />
      <ul className="card-list" data-testid="questions">
        {(questions.data?.questions ?? []).map((q) => (
          <li key={q.id} className="card">
            <h2>{q.text[language]}</h2>
            <p className="muted">{t('questions.line', { key: q.key, purpose: q.purpose, moment: t(`questions.moment_${q.moment}`) })}</p>
            {q.rewardVoucherCampaignId && <p className="muted">{t('questions.rewardOf', { name: campaignName(q.rewardVoucherCampaignId) })}</p>}
            <BarList title={t('questions.chart', { key: q.key })} bars={[{ label: t('questions.answers'), value: q.answers }, { label: t('questions.declines'), value: q.declines }]} />
          </li>
        ))}
      </ul>
      <form className="card" onSubmit={(formEvent) => void create(formEvent)}>
        <h2>{t('questions.new')}</h2>
        <Field label={t('questions.key')} hint={t('questions.keyHint')}>
          <input name="key" required pattern="[a-z0-9_]+" maxLength={64} />
        </Field>
        <Field label={t('questions.textNl')}>
          <input name="nl" lang="nl" required maxLength={300} />
        </Field>
        <Field label={t('questions.textEn')}>
          <input name="en" lang="en" required maxLength={300} />
        </Field>
        <Field label={t('questions.purpose')} hint={t('questions.purposeHint')}>
          <input name="purpose" required pattern="[a-z0-9_.\-]+" maxLength={64} />
        </Field>
        <Field label={t('questions.moment')}>
          <select name="moment" defaultValue="after_checkin">
            {moments.map((m) => (
              <option key={m} value={m}>{t(`questions.moment_${m}`)}</option>
            ))}
          </select>
        </Field>
        <Field label={t('questions.reward')} hint={t('questions.rewardHint')}>
          <select name="reward" defaultValue="">
            <option value="">{t('questions.noReward')}</option>
            {campaigns.map(({ event, campaigns: list }) => (
              <optgroup key={event.id} label={event.name}>
                {list.map((c) => (
                  <option key={c.id} value={c.id}>{c.name}</option>
                ))}
              </optgroup>
            ))}
          </select>
        </Field>
        <ErrorNotice error={error} />
        <button type="submit">{t('questions.create')}</button>
      </form>
    </>
  );
}
