import { useTranslation } from 'react-i18next';
import { ApiError } from '../api-client.ts';

/** A failed request in words: the server's own sentence names the field or the conflict. */
export function ErrorNotice({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const text = error instanceof ApiError ? error.message : error instanceof TypeError ? t('app.offline') : error instanceof Error ? error.message : String(error);
  return (
    <p className="error" role="alert">
      {text}
    </p>
  );
}
