import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DebugPanel } from './debug-panel.tsx';
import type { ScanMode } from './local-db.ts';
import { store, type Snapshot } from './scanner-store.ts';

/**
 * The gate name written on each scan, door or bar (for a device without a list of its own: a bound
 * device scans for its list, which only the organizer changes), unpairing (only once every scan
 * is uploaded), and the diagnostics for whoever supports the gate.
 */
export function Settings({ snapshot }: { snapshot: Snapshot }) {
  const { t } = useTranslation();
  const device = snapshot.device!;
  const [gate, setGate] = useState(device.gate);
  const [message, setMessage] = useState('');
  const waiting = snapshot.scans.filter((s) => !s.uploaded).length;

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (gate.trim()) void store.saveDevice({ gate: gate.trim().slice(0, 100) });
  };
  const unpair = () => {
    if (waiting > 0) return setMessage(t('settings.unpairBlocked', { count: waiting }));
    if (confirm(t('settings.confirmUnpair'))) void store.unpair();
  };

  return (
    <details className="card settings">
      <summary>{t('settings.title')}</summary>
      <div className="stack">
        {device.checkInList ? (
          <p className="muted" data-testid="list-set-by-organizer">{t('settings.listSet', { list: device.checkInList.name })}</p>
        ) : (
          <div className="field">
            <label htmlFor="scan-mode">{t('scan.mode')}</label>
            <select id="scan-mode" data-testid="scan-mode" value={device.mode} onChange={(event) => void store.setMode(event.target.value as ScanMode)}>
              <option value="ticket">{t('scan.modeTicket')}</option>
              <option value="voucher">{t('scan.modeVoucher')}</option>
            </select>
          </div>
        )}
        <form onSubmit={save} className="field">
          <label htmlFor="gate-name">{t('settings.gate')}</label>
          <div className="row nowrap">
            <input id="gate-name" data-testid="gate-name" value={gate} maxLength={100} onChange={(event) => setGate(event.target.value)} />
            <button type="submit" className="secondary">{t('settings.save')}</button>
          </div>
        </form>
        <button type="button" className="danger" onClick={unpair}>{t('settings.unpair')}</button>
        {message && <p className="error" role="alert">{message}</p>}
        <DebugPanel snapshot={snapshot} />
      </div>
    </details>
  );
}
