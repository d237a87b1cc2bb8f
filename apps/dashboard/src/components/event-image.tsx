import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client.ts';
import { Field } from './field.tsx';
import { ErrorNotice } from './error-notice.tsx';
import { InputProblem, explainError } from '../errors.ts';
import type { OrganizerEvent } from '../types.ts';

const pictureTypes = ['image/png', 'image/jpeg', 'image/webp'];
const maxBytes = 2 * 1024 * 1024;

/** The event's picture on its page for buyers: a new one (PNG, JPEG or WebP, at most 2 MB) replaces it, or it is removed. */
export function EventImage({ event, onChange }: { event: OrganizerEvent; onChange: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const problem = explainError(error, t, ['image']);
  const path = `/api/v1/events/${event.id}/image`;

  const send = async (body?: File) => {
    setBusy(true);
    setError(undefined);
    try {
      await api(path, body ? 'PUT' : 'DELETE', body);
      onChange();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  // Checked here first, so a wrong file is said at once instead of after sending 2 MB.
  const choose = (file: File | undefined) => {
    if (!file) return;
    if (!pictureTypes.includes(file.type)) return setError(new InputProblem('image', t('image.wrongType')));
    if (file.size > maxBytes) return setError(new InputProblem('image', t('image.tooLarge')));
    void send(file);
  };

  return (
    <section className="card" aria-labelledby="image-heading" data-testid="event-image">
      <h2 id="image-heading">{t('image.title')}</h2>
      {event.imageUrl ? <img className="event-image" src={event.imageUrl} alt={t('image.alt', { name: event.name })} /> : <p className="muted">{t('image.none')}</p>}
      <Field label={t(event.imageUrl ? 'image.replace' : 'image.choose')} hint={t('image.hint')} error={problem.fields.image}>
        <input
          type="file"
          accept={pictureTypes.join(',')}
          disabled={busy}
          onChange={(changed) => {
            choose(changed.target.files?.[0]);
            changed.target.value = '';
          }}
        />
      </Field>
      {event.imageUrl && (
        <button type="button" className="secondary" disabled={busy} onClick={() => void send()}>
          {t('image.remove')}
        </button>
      )}
      <ErrorNotice error={problem.form} />
    </section>
  );
}
