import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client.ts';
import { EventFrame } from '../components/event-frame.tsx';
import { EventForm, type EventInput } from '../components/event-form.tsx';
import { TicketTypes } from '../components/ticket-types.tsx';
import { EventImage } from '../components/event-image.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { ConfirmNotice } from '../components/confirm-notice.tsx';
import { isClosed, type OrganizerEvent } from '../types.ts';

/** Everything about setting an event up: details, rules, picture, ticket types, and the status switches. */
export function EventSetupPage({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  return (
    <EventFrame eventId={eventId}>
      {(event, loaded) => (
        <>
          <StatusActions event={event} onChange={loaded.reload} />
          <TicketTypes event={event} onChange={loaded.reload} />
          {!isClosed(event) && (
            <>
              <section aria-labelledby="details-heading">
                <h2 id="details-heading">{t('setup.details')}</h2>
                <EventForm
                  key={`${event.id}-${event.status}`}
                  event={event}
                  submitLabel={t('app.save')}
                  onSubmit={async (input: EventInput) => {
                    await api(`/api/v1/events/${event.id}`, 'PATCH', input);
                    loaded.reload();
                  }}
                />
              </section>
              <EventImage event={event} onChange={loaded.reload} />
            </>
          )}
        </>
      )}
    </EventFrame>
  );
}

function StatusActions({ event, onChange }: { event: OrganizerEvent; onChange: () => void }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>();

  const change = async (action: 'publish' | 'cancel' | 'end') => {
    setError(undefined);
    try {
      await api(`/api/v1/events/${event.id}/${action}`, 'POST');
      setConfirming(false);
      onChange();
    } catch (caught) {
      setError(caught);
    }
  };

  if (isClosed(event)) {
    return <p className="notice">{t(`setup.${event.status}`)}</p>;
  }
  return (
    <section className="card" aria-labelledby="status-heading">
      <h2 id="status-heading">{t('setup.status')}</h2>
      {event.status === 'draft' && (
        <>
          <p className="muted">{event.ticketTypes.length === 0 ? t('setup.needTypes') : t('setup.publishExplain')}</p>
          <button type="button" onClick={() => void change('publish')} disabled={event.ticketTypes.length === 0} data-testid="publish">
            {t('setup.publish')}
          </button>
        </>
      )}
      {event.status === 'on_sale' && <p className="muted">{t('setup.onSaleExplain')}</p>}
      <div className="row">
        {!confirming ? (
          <button type="button" className="secondary" onClick={() => setConfirming(true)}>{t('setup.cancel')}</button>
        ) : (
          <ConfirmNotice warning={t('setup.cancelWarning')} confirm={t('setup.cancelConfirm')} keep={t('setup.keep')} onConfirm={() => void change('cancel')} onKeep={() => setConfirming(false)} />
        )}
      </div>
      <ErrorNotice error={error} />
    </section>
  );
}
