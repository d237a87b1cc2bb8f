import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ensureAccount } from '../lib/wallet-api.ts';
import { ErrorText } from './error-text.tsx';

interface Question { id: string; organizerId: string; organizerName: string; text: string; purpose: string; reward?: { voucherCampaignId: string } }

/**
 * Organizers' questions, one at a time, each with its purpose and any reward, and "no thanks"
 * always there: saying no loses nothing but the reward.
 */
export function QuestionCard() {
  const { t, i18n } = useTranslation();
  const [questions, setQuestions] = useState<Question[]>([]);
  const [answer, setAnswer] = useState('');
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

  const next = () => {
    setQuestions(questions.slice(1));
    setAnswer('');
  };
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    try {
      await api('POST', '/api/v1/me/answers', { questionId: question!.id, answer: answer.trim() });
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
        <div className="field">
          <label htmlFor="answer">{question.text}</label>
          <input id="answer" value={answer} maxLength={500} onChange={(e) => setAnswer(e.target.value)} />
        </div>
        <p className="muted">{t('questions.purpose', { purpose: question.purpose.replace(/[_.-]+/g, ' ') })}</p>
        {question.reward && <p className="question-reward">{t('questions.reward')}</p>}
        <div className="row">
          <button type="submit" disabled={answer.trim() === ''}>{t('questions.answer')}</button>
          <button type="button" className="secondary" onClick={() => void decline()}>{t('questions.noThanks')}</button>
        </div>
      </form>
      {error !== undefined && <ErrorText error={error} />}
    </section>
  );
}
