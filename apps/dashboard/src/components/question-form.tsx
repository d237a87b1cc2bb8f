import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client.ts';
import { Field } from './field.tsx';
import { ErrorNotice } from './error-notice.tsx';
import { explainError } from '../errors.ts';
import type { OrganizerEvent, VoucherCampaign } from '../types.ts';

export type AnswerType = 'text' | 'single' | 'multiple';

const answerTypes: AnswerType[] = ['text', 'single', 'multiple'];
const moments = ['after_purchase', 'after_checkin', 'after_event'] as const;

/** The voucher campaigns of some of the organizer's events, grouped by event, to pick a question's reward from. */
export type CampaignGroups = { event: OrganizerEvent; campaigns: VoucherCampaign[] }[];

/**
 * A new question in Dutch and English, why it is asked (a sentence the visitor reads; the server names
 * the answers after it), how it is answered (free text, or one or several of the options given in both
 * languages), when, and for which reward.
 */
export function QuestionForm({ campaigns, onCreated }: { campaigns: CampaignGroups; onCreated: () => void }) {
  const { t } = useTranslation();
  const [answerType, setAnswerType] = useState<AnswerType>('text');
  // Rows of options by a number of their own, so removing one keeps what was typed in the others.
  const [rows, setRows] = useState([1, 2]);
  const [error, setError] = useState<unknown>();
  const choice = answerType !== 'text';
  const optionFields = rows.flatMap((_, i) => [`options[${i}]`, `options[${i}].label.nl`, `options[${i}].label.en`]);
  const problem = explainError(error, t, ['text.nl', 'text.en', 'purpose', 'options', 'rewardVoucherCampaignId', ...optionFields]);

  const create = async (formEvent: FormEvent<HTMLFormElement>) => {
    formEvent.preventDefault();
    const formElement = formEvent.currentTarget;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const all = (name: string) => form.getAll(name).map((value) => String(value).trim());
    const dutch = all('optionNl');
    setError(undefined);
    try {
      await api('/api/v1/profile-questions', 'POST', {
        text: { nl: text('nl'), en: text('en') },
        purpose: text('purpose'),
        moment: text('moment'),
        answerType,
        ...(choice ? { options: all('optionEn').map((en, i) => ({ label: { nl: dutch[i] ?? '', en } })) } : {}),
        ...(text('reward') ? { rewardVoucherCampaignId: text('reward') } : {}),
      });
      formElement.reset();
      setAnswerType('text');
      setRows([1, 2]);
      onCreated();
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <form className="card" onSubmit={(formEvent) => void create(formEvent)} data-testid="question-form">
      <h2>{t('questions.new')}</h2>
      <Field label={t('questions.textNl')} error={problem.fields['text.nl']}>
        <input name="nl" lang="nl" required maxLength={300} />
      </Field>
      <Field label={t('questions.textEn')} error={problem.fields['text.en']}>
        <input name="en" lang="en" required maxLength={300} />
      </Field>
      <Field label={t('questions.purpose')} hint={t('questions.purposeHint')} error={problem.fields.purpose}>
        <input name="purpose" required maxLength={300} />
      </Field>
      <fieldset className="choices choices-row">
        <legend>{t('questions.type')}</legend>
        {answerTypes.map((option) => (
          <label key={option} className={answerType === option ? 'choice selected' : 'choice'}>
            <input type="radio" name="answerType" value={option} checked={answerType === option} onChange={() => setAnswerType(option)} />
            <span>
              <strong>{t(`questions.type_${option}`)}</strong>
              <span className="muted">{t(`questions.typeExplain_${option}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {choice && (
        <fieldset data-testid="options" aria-describedby="options-hint">
          <legend>{t('questions.options')}</legend>
          <p className="hint muted" id="options-hint">{t('questions.optionsHint')}</p>
          {problem.fields.options && <p className="error" role="alert">{problem.fields.options}</p>}
          {rows.map((row, i) => (
            <div key={row} className="option-row">
              <Field label={t('questions.optionNl', { number: i + 1 })} error={problem.fields[`options[${i}].label.nl`]}>
                <input name="optionNl" lang="nl" required maxLength={200} />
              </Field>
              <Field label={t('questions.optionEn', { number: i + 1 })} error={problem.fields[`options[${i}]`] ?? problem.fields[`options[${i}].label.en`]}>
                <input name="optionEn" lang="en" required maxLength={200} />
              </Field>
              {rows.length > 2 && (
                <button type="button" className="secondary compact" onClick={() => setRows(rows.filter((r) => r !== row))}>
                  {t('questions.removeOption', { number: i + 1 })}
                </button>
              )}
            </div>
          ))}
          {rows.length < 20 && (
            <button type="button" className="secondary" onClick={() => setRows([...rows, Math.max(...rows) + 1])}>
              {t('questions.addOption')}
            </button>
          )}
        </fieldset>
      )}
      <Field label={t('questions.moment')}>
        <select name="moment" defaultValue="after_checkin">
          {moments.map((m) => (
            <option key={m} value={m}>{t(`questions.moment_${m}`)}</option>
          ))}
        </select>
      </Field>
      <Field label={t('questions.reward')} hint={t('questions.rewardHint')} error={problem.fields.rewardVoucherCampaignId}>
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
      <ErrorNotice error={problem.form} />
      <button type="submit">{t('questions.create')}</button>
    </form>
  );
}
