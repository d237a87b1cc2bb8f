import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Camera } from './camera.tsx';
import { Counters } from './counters.tsx';
import { DebugPanel } from './debug-panel.tsx';
import { Duplicates } from './duplicates.tsx';
import { store, type Snapshot } from './scanner-store.ts';
import { Settings } from './settings.tsx';
import { sync } from './sync.ts';
import { Verdict } from './verdict.tsx';

const isTextField = (element: Element | null) =>
  element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement;

const pressable = 'button, summary, a[href], [role="button"], input[type="checkbox"], input[type="radio"]';

/**
 * Keeps the keyboard-wedge field focused: after every verdict, after a button was pressed, when focus
 * falls back to the page, and when a scanner starts typing while something else has focus. Other form
 * fields (gate name, mode) keep their focus while they are used.
 */
function useWedgeFocus(last: number | undefined) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus({ preventScroll: true });
  }, [last]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') store.dismissVerdict();
      const active = document.activeElement;
      if (active === input.current || isTextField(active)) return;
      // Space presses the focused button or opens the focused panel: staff using the keyboard keep it.
      if (event.key === ' ' && active?.matches(pressable)) return;
      if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) input.current?.focus({ preventScroll: true });
    };
    // A tapped button has done its work: the next scan goes to the wedge field again.
    const onClick = (event: MouseEvent) => {
      if (event.target instanceof Element && event.target.closest('button, summary')) input.current?.focus({ preventScroll: true });
    };
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('click', onClick);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      document.removeEventListener('click', onClick);
    };
  }, []);
  const onBlur = () =>
    setTimeout(() => {
      const active = document.activeElement;
      if (!active || active === document.body) input.current?.focus({ preventScroll: true });
    }, 0);
  return { input, onBlur };
}

export function ScanScreen({ snapshot }: { snapshot: Snapshot }) {
  const { t } = useTranslation();
  const [camera, setCamera] = useState(false);
  const { input, onBlur } = useWedgeFocus(snapshot.last?.count);
  const device = snapshot.device!;
  const queued = snapshot.scans.filter((s) => !s.uploaded).length;
  const { online, running, error } = snapshot.sync;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const field = input.current;
    if (!field || !field.value.trim()) return;
    const text = field.value;
    field.value = '';
    void store.scan(text);
  };

  return (
    <div className="scan-screen">
      <section className="status" aria-label={device.event.name}>
        <h1 className="event-name">{device.event.name}</h1>
        <div className="row badges">
          <span className="badge">{t('scan.gate', { gate: device.gate })}</span>
          <span className={`badge ${device.mode === 'voucher' ? 'badge-voucher' : ''}`} data-testid="mode-badge">
            {device.mode === 'voucher' ? t('scan.modeVoucher') : t('scan.modeTicket')}
          </span>
          <span className={`badge ${online ? 'badge-online' : 'badge-offline'}`} data-testid="online-state">
            {running ? t('scan.syncing') : online ? t('scan.online') : t('scan.offline')}
          </span>
        </div>
        <div className="row status-row">
          <span className="muted" data-testid="queue">{t('scan.queued', { count: queued })}</span>
          <button type="button" className="secondary small" onClick={() => void sync.run()}>{t('scan.syncNow')}</button>
        </div>
        {error && <p className="error" role="alert">{t('scan.syncError', { message: error })}</p>}
      </section>

      <form onSubmit={submit} className="card scan-form">
        <label htmlFor="scan-input">{t('scan.label')}</label>
        <input
          id="scan-input"
          ref={input}
          data-testid="scan-input"
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          enterKeyHint="go"
          // With the camera on, refocusing must not keep popping up the phone's on-screen keyboard.
          inputMode={camera ? 'none' : 'text'}
          onBlur={onBlur}
          aria-describedby="scan-hint"
        />
        <p id="scan-hint" className="muted small">{t('scan.hint')}</p>
        <button type="button" className="secondary" onClick={() => setCamera(!camera)} aria-pressed={camera} data-testid="camera-toggle">
          {camera ? t('camera.stop') : t('camera.start')}
        </button>
        {camera && <Camera onText={(text) => void store.scan(text)} />}
      </form>

      <Duplicates duplicates={snapshot.duplicates} />
      <Counters snapshot={snapshot} />
      <Settings snapshot={snapshot} />
      <DebugPanel snapshot={snapshot} />
      {snapshot.last && <Verdict record={snapshot.last.record} count={snapshot.last.count} onDismiss={() => store.dismissVerdict()} />}
    </div>
  );
}
