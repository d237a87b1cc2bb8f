import { useTranslation } from 'react-i18next';
import { useApi } from '../use-api.ts';
import { useMay } from '../session-context.tsx';

/**
 * Profile answers come by the name the server made from the question's purpose
 * ("to_plan_next_years_line_up"); the organizer reads the question instead, in the dashboard's language.
 */
export function useQuestionText() {
  const { i18n } = useTranslation();
  const may = useMay();
  const { data } = useApi<{ questions: { key: string; text: { nl: string; en: string } }[] }>(may('questions.write') ? '/api/v1/profile-questions' : null, undefined, true);
  const language = i18n.language === 'nl' ? 'nl' : 'en';
  return (key: string) => data?.questions.find((question) => question.key === key)?.text[language] ?? key;
}

/** An answer after its question: "Which city do you live in? Utrecht", "Home town: Utrecht". */
export const answerLine = (question: string, answer: string) => `${question}${/[?:]$/.test(question) ? '' : ':'} ${answer}`;
