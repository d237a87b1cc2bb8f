import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ensureAccount } from '../lib/wallet-api.ts';
import { readablePurpose } from '../lib/consents.ts';
import { ErrorText } from './error-text.tsx';

/** A question due now, in the visitor's language: a free text, or one or several of its options. */
interface Question {
  id: string;
  organizerId: string;
  organizerName: string;
  text: string;
  purpose: string;
  answerType?: 'text' | 'single' | 'multiple';
  options?: { value: string; label: string }[];
  reward?: { voucherCampaignId: string };
}

/**
 * Organizers' questions, one at a time, each with its purpose and any reward, and "no thanks"
 * always there: saying no loses nothing but the reward.
 */
export function QuestionCard() {
  const { t, i18n } = useTranslation();
  const [questions, setQuestions] = useState<Question[]>([]);
  const [text, setText] = useState('');
  // The chosen options' values, for a choice question.
  const [chosen, setChosen] = useState<string[]>([]);
  const [thanks, setThanks] = useState(false);
  const [error, setError] = useState<unknown>();
  const language = i18n.language === 'nl' ? 'nl' : 'en';

  useEffect(() => {
    let live = true;
    ensureAccount()
      .then(() => api<{ questions: Question[] }>('GET', `/api/v1/me/questions?lang=${language}`))
      .then(({ questions: due }) => live && setQuestions(due), () => undefined);
    return () => void (live = false);
  }, [language]);

  const question = questions[0];
  if (!question) return thanks ? <p role="status" className="ok-text">{t('questions.thanks')}</p> : null;
  const type = question.answerType ?? 'text';
  const answer = type === 'text' ? text.trim() : type === 'single' ? chosen[0] : chosen;

  const next = () => {
    setQuestions(questions.slice(1));
    setText('');
    setChosen([]);
  };
  const choose = (value: string, on: boolean) => setChosen(type === 'single' ? [value] : on ? [...chosen, value] : chosen.filter((v) => v !== value));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await api('POST', '/api/v1/me/answers', { questionId: question!.id, answer });
      setThanks(true);
      next();
    } catch (e) {
      setError(e);
    }
  }
  async function decline() {
    setError(undefined);
    try {
      await api('POST', `/api/v1/me/questions/${question!.id}/decline`);
      next();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section className="card stack" aria-labelledby="question-title" data-testid="question">
      <h2 id="question-title">{t('questions.title', { organizer: question.organizerName })}</h2>
      <form className="stack" onSubmit={(e) => void submit(e)}>
        {type === 'text' ? (
          <div className="field">
            <label htmlFor="answer">{question.text}</label>
            <input id="answer" value={text} maxLength={500} onChange={(e) => setText(e.target.value)} />
          </div>
        ) : (
          <fieldset className="choices">
            <legend>{question.text}</legend>
            {question.options?.map((option) => (
              <label key={option.value} className="choice">
                <input type={type === 'single' ? 'radio' : 'checkbox'} name="answer" value={option.value} checked={chosen.includes(option.value)} onChange={(e) => choose(option.value, e.target.checked)} />
                {option.label}
              </label>
            ))}
          </fieldset>
        )}
        <p className="muted">{t('questions.purpose', { purpose: readablePurpose(question.purpose) })}</p>
        {question.reward && <p className="question-reward">{t('questions.reward')}</p>}
        <div className="row">
          <button type="submit" disabled={!answer?.length}>{t('questions.answer')}</button>
          <button type="button" className="secondary" onClick={() => void decline()}>{t('questions.noThanks')}</button>
        </div>
      </form>
      {error !== undefined && <ErrorText error={error} />}
    </section>
  );
}
