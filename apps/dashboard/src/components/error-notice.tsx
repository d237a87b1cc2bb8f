import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api-client.ts';

/** Refusals the organizer can act on, in their language; any other code shows the server's own sentence. */
const translated = new Set(['admission_required', 'sales_stopped', 'list_in_use']);

/** A failed request in words: a known code as a translated sentence, else the server's own sentence naming the field or the conflict. */
function errorText(error: unknown, t: TFunction) {
  if (error instanceof ApiError) {
    if (!translated.has(error.code)) return error.message;
    // "2 gate devices scan for this list; ...": the number of devices is the one figure the sentence needs.
    const devices = Number(/^\d+/.exec(error.message)?.[0] ?? 1);
    return t(`errors.${error.code}`, { count: devices });
  }
  return error instanceof TypeError ? t('app.offline') : error instanceof Error ? error.message : String(error);
}

export function ErrorNotice({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {errorText(error, t)}
    </p>
  );
}
