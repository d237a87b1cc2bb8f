import { useTranslation } from 'react-i18next';
import { BarList } from '@ticketguard/web/bar-list.tsx';
import { useApi } from '../use-api.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { QuestionForm, type AnswerType, type CampaignGroups } from '../components/question-form.tsx';
import type { OrganizerEvent, VoucherCampaign } from '../types.ts';

interface Question {
  id: string;
  text: { nl: string; en: string };
  purpose: string;
  moment: string;
  answerType?: AnswerType;
  options?: { value: string; label: { nl: string; en: string } }[];
  rewardVoucherCampaignId?: string | null;
  answers: number;
  declines: number;
}

/** The voucher campaigns of all the organizer's events, grouped by event, to pick a question's reward from. */
function useCampaigns(): CampaignGroups {
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
            <p className="muted">{t('questions.line', { purpose: q.purpose, moment: t(`questions.moment_${q.moment}`) })}</p>
            {q.options && q.options.length > 0 && (
              <p className="muted">
                {t(`questions.type_${q.answerType ?? 'single'}`)}. {t('questions.choices', { options: q.options.map((o) => o.label[language]).join(', ') })}
              </p>
            )}
            {q.rewardVoucherCampaignId && <p className="muted">{t('questions.rewardOf', { name: campaignName(q.rewardVoucherCampaignId) })}</p>}
            <BarList title={t('questions.chart', { question: q.text[language] })} bars={[{ label: t('questions.answers'), value: q.answers }, { label: t('questions.declines'), value: q.declines }]} />
          </li>
        ))}
      </ul>
      <QuestionForm campaigns={campaigns} onCreated={questions.reload} />
    </>
  );
}
