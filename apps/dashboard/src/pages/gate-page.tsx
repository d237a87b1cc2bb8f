import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client.ts';
import { useApi } from '../use-api.ts';
import { EventFrame } from '../components/event-frame.tsx';
import { Field } from '../components/field.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { explainError } from '../errors.ts';
import { ConfirmNotice } from '../components/confirm-notice.tsx';
import { PairingCard } from '../components/pairing-card.tsx';
import { GateCharts } from '../components/gate-charts.tsx';
import { dateTime } from '../format.ts';
import { useMay } from '../session-context.tsx';
import type { CheckInList, GateDevice, PairedDevice } from '../types.ts';

/** Gate devices (make one, pair a scanner by QR, choose its check-in list, re-pair or remove it) and the gate's live figures. */
export function GatePage({ eventId }: { eventId: string }) {
  const may = useMay();
  return (
    <EventFrame eventId={eventId}>
      {() => (
        <>
          {may('gate.manage') && <Devices eventId={eventId} />}
          <GateCharts eventId={eventId} />
        </>
      )}
    </EventFrame>
  );
}

function Devices({ eventId }: { eventId: string }) {
  const { t } = useTranslation();
  const devices = useApi<{ devices: GateDevice[] }>(`/api/v1/events/${eventId}/gate-devices`);
  const lists = useApi<{ lists: CheckInList[] }>(`/api/v1/events/${eventId}/check-in-lists`, undefined, true);
  const [paired, setPaired] = useState<{ device: PairedDevice; name: string }>();
  const [error, setError] = useState<unknown>();
  const problem = explainError(error, t, ['name']);
  const [moved, setMoved] = useState<string>();
  /** The device whose removal waits for a second click. */
  const [removing, setRemoving] = useState<string>();

  const act = async (work: () => Promise<void>) => {
    setError(undefined);
    setMoved(undefined);
    try {
      await work();
      devices.reload();
    } catch (caught) {
      setError(caught);
    }
  };

  const create = (formEvent: FormEvent<HTMLFormElement>) => {
    formEvent.preventDefault();
    const formElement = formEvent.currentTarget;
    const form = new FormData(formElement);
    const name = String(form.get('name')).trim();
    const checkInListId = lists.data ? { checkInListId: String(form.get('checkInListId') ?? '') || null } : {};
    void act(async () => {
      const device = await api<PairedDevice>(`/api/v1/events/${eventId}/gate-devices`, 'POST', { name, ...checkInListId });
      formElement.reset();
      setPaired({ device, name });
    });
  };
  const repair = (device: GateDevice) =>
    act(async () => setPaired({ device: await api<PairedDevice>(`/api/v1/events/${eventId}/gate-devices/${device.id}/token`, 'POST'), name: device.name }));
  const move = (device: GateDevice, listId: string) =>
    act(async () => {
      await api(`/api/v1/events/${eventId}/gate-devices/${device.id}`, 'PATCH', { checkInListId: listId || null });
      setMoved(t('deviceList.moved', { name: device.name, list: lists.data?.lists.find((l) => l.id === listId)?.name ?? t('deviceList.defaultLists') }));
    });
  const remove = (device: GateDevice) => act(async () => (await api(`/api/v1/events/${eventId}/gate-devices/${device.id}`, 'DELETE'), setRemoving(undefined)));

  const live = (devices.data?.devices ?? []).filter((d) => !d.revoked);
  return (
    <>
      {paired && <PairingCard device={paired.device} name={paired.name} onDone={() => setPaired(undefined)} />}
      <section className="card" aria-labelledby="devices-heading">
        <h2 id="devices-heading">{t('gate.devicesTitle')}</h2>
        <p className="muted">{t('gate.devicesIntro')}</p>
        <ul className="plain-list" data-testid="devices">
          {live.map((device) => (
            <li key={device.id} className="stack">
              <div className="row spread">
                <span>
                  <strong>{device.name}</strong> <span className="muted">{dateTime(device.createdAt)}</span>
                </span>
                <span className="row">
                  <button type="button" className="secondary compact" onClick={() => void repair(device)} aria-label={t('gate.repairNamed', { name: device.name })}>
                    {t('gate.repair')}
                  </button>
                  <button type="button" className="secondary compact" onClick={() => setRemoving(device.id)} aria-label={t('gate.removeNamed', { name: device.name })}>
                    {t('gate.remove')}
                  </button>
                </span>
              </div>
              {lists.data && (
                <div className="compact-field">
                  <Field label={t('deviceList.list')}>
                    <ListChoice lists={lists.data.lists} value={device.checkInListId} onChange={(listId) => void move(device, listId)} label={t('deviceList.listOf', { name: device.name })} />
                  </Field>
                </div>
              )}
              {removing === device.id && (
                <ConfirmNotice
                  warning={t('gate.removeWarning', { name: device.name })}
                  confirm={t('gate.removeConfirm', { name: device.name })}
                  keep={t('gate.keep')}
                  onConfirm={() => void remove(device)}
                  onKeep={() => setRemoving(undefined)}
                />
              )}
            </li>
          ))}
        </ul>
        {devices.data && live.length === 0 && <p className="notice">{t('gate.noDevices')}</p>}
        {moved && <p className="ok" role="status">{moved}</p>}
        <form onSubmit={create} className="inline-form">
          <Field label={t('gate.deviceName')} hint={t('gate.deviceNameHint')} error={problem.fields.name}>
            <input name="name" required maxLength={100} />
          </Field>
          {lists.data && (
            <Field label={t('deviceList.list')} hint={t('deviceList.listHint')}>
              <ListChoice lists={lists.data.lists} name="checkInListId" />
            </Field>
          )}
          <button type="submit" data-testid="create-device">{t('gate.create')}</button>
        </form>
        <ErrorNotice error={problem.form ?? devices.error} />
      </section>
    </>
  );
}

/**
 * The check-in list a device scans for: the default lists (null, as the empty value) or one of the
 * organizer's own. A device bound to a default list by id keeps it among the choices.
 */
function ListChoice({ lists, value, label, onChange, ...field }: { lists: CheckInList[]; value?: string | null; name?: string; id?: string; 'aria-describedby'?: string; label?: string; onChange?: (listId: string) => void }) {
  const { t } = useTranslation();
  const choices = lists.filter((list) => !list.isDefault || list.id === value);
  // `field` carries the name, and the id and description Field gives its control.
  return (
    <select {...field} aria-label={label} {...(onChange ? { value: value ?? '', onChange: (e) => onChange(e.target.value) } : { defaultValue: '' })}>
      <option value="">{t('deviceList.defaultLists')}</option>
      {choices.map((list) => (
        <option key={list.id} value={list.id}>
          {list.mode === 'voucher' ? `${list.name} (${t('lists.mode_voucher')})` : list.name}
        </option>
      ))}
    </select>
  );
}
