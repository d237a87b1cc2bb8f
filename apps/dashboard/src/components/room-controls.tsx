import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client.ts';
import { ErrorNotice } from './error-notice.tsx';
import { ConfirmNotice } from './confirm-notice.tsx';
import { PaceFields, admitPerMinute, paceOf } from './pace-fields.tsx';
import { explainOpeningError } from './sale-opening.tsx';
import { count } from '../format.ts';
import type { WaitingRoom } from '../types.ts';

/**
 * What the organizer steers during the on-sale: the pace (a number per minute, or automatic) and a
 * pause, each taking effect at the room's next tick. Pausing asks first; resuming does not.
 */
export function RoomControls({ eventId, room, onChange }: { eventId: string; room: WaitingRoom; onChange: () => void }) {
  const { t } = useTranslation();
  // The form starts from the pace set when it opened; polling does not overwrite what is being typed.
  const [pace, setPace] = useState(() => paceOf(room.admitPerMinute));
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState('');

  const change = async (body: { admitPerMinute?: number | null; paused?: boolean }) => {
    setBusy(true);
    setError(undefined);
    setDone('');
    try {
      const next = await api<WaitingRoom>(`/api/v1/events/${eventId}/waiting-room`, 'PATCH', body);
      if (body.admitPerMinute !== undefined) {
        setPace(paceOf(next.admitPerMinute));
        setDone(next.admitPerMinute ? t('room.paceNow', { value: count(next.admitPerMinute) }) : t('room.paceNowAuto'));
      }
      setConfirming(false);
      onChange();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const submit = (formEvent: FormEvent) => {
    formEvent.preventDefault();
    void change({ admitPerMinute: admitPerMinute(pace) });
  };
  const problem = explainOpeningError(error, t);

  return (
    <section aria-labelledby="room-controls-heading" data-testid="room-controls">
      <h3 id="room-controls-heading">{t('room.controls')}</h3>
      {room.paused ? (
        <div className="notice stack" data-testid="room-paused">
          <p>{t('room.paused')}</p>
          <button type="button" disabled={busy} onClick={() => void change({ paused: false })}>{t('room.resume')}</button>
        </div>
      ) : confirming ? (
        <ConfirmNotice warning={t('room.pauseWarning')} confirm={t('room.pauseConfirm')} keep={t('room.keepGoing')} busy={busy} onConfirm={() => void change({ paused: true })} onKeep={() => setConfirming(false)} />
      ) : (
        <button type="button" className="secondary" onClick={() => setConfirming(true)}>{t('room.pause')}</button>
      )}
      <form onSubmit={submit} className="room-pace">
        <PaceFields name="live-pace" pace={pace} onChange={setPace} error={problem?.pace} />
        <button type="submit" disabled={busy}>{t('room.changePace')}</button>
      </form>
      {done && <p className="ok" role="status">{done}</p>}
      <ErrorNotice error={problem ? undefined : error} />
    </section>
  );
}
