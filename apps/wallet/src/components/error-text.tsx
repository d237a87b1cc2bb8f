import { useTranslation } from 'react-i18next';
import { ApiError, isNetworkError } from '@ticketguard/web/api.ts';

/**
 * An error in the visitor's language: known codes get their own sentence, others the server's.
 * `values` fill a sentence that names something (the add-on that needs a ticket).
 */
export function ErrorText({ error, values }: { error: unknown; values?: Record<string, string | number> }) {
  const { t } = useTranslation();
  let text = t('errors.unknown');
  if (isNetworkError(error)) text = t('common.offline');
  else if (error instanceof ApiError) text = t(`errors.${error.code}`, { defaultValue: error.message || t('errors.unknown'), ...values });
  return <p className="error" role="alert">{text}</p>;
}
