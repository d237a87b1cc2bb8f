import { useTranslation } from 'react-i18next';
import { explainError } from '../errors.ts';

/** A failed request, or a form's problem not about one of its fields, said in the organizer's words. */
export function ErrorNotice({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const text = explainError(error, t).form;
  if (!text) return null;
  return (
    <p className="error" role="alert">
      {text}
    </p>
  );
}
