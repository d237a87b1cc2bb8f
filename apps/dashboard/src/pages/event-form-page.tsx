import { useTranslation } from 'react-i18next';
import { api } from '../api-client.ts';
import { EventForm, type EventInput } from '../components/event-form.tsx';
import { navigate } from '../router.tsx';

export function EventFormPage() {
  const { t } = useTranslation();
  const create = async (input: EventInput) => {
    const event = await api<{ id: string }>('/api/v1/events', 'POST', input);
    navigate(`/events/${event.id}/setup`);
  };
  return (
    <>
      <h1>{t('eventForm.createTitle')}</h1>
      <p className="muted">{t('eventForm.createIntro')}</p>
      <EventForm submitLabel={t('eventForm.create')} onSubmit={create} />
    </>
  );
}
