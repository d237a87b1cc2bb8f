import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PackProduct } from '@ticketguard/protocol';
import { Camera } from './camera.tsx';
import { Counters } from './counters.tsx';
import { Duplicates } from './duplicates.tsx';
import { ListBar } from './list-bar.tsx';
import { store, type Snapshot } from './scanner-store.ts';
import { Settings } from './settings.tsx';
import { sync } from './sync.ts';
import { Verdict } from './verdict.tsx';

// The entry/exit radios take no text: a scanner typing while one has focus still reaches the wedge field.
const isTextField = (element: Element | null) =>
  (element instanceof HTMLInputElement && element.type !== 'radio' && element.type !== 'checkbox') || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement;

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
    // A tapped button or entry/exit segment has done its work: the next scan goes to the wedge field
    // again. Arrow keys in the radio group click too, but with detail 0: those keep their focus.
    const onClick = (event: MouseEvent) => {
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('button, summary') || (event.detail > 0 && target?.closest('.segment'))) input.current?.focus({ preventScroll: true });
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

const noProducts = new Map<string, PackProduct>();

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
        <ListBar snapshot={snapshot} />
        <div className="row badges">
          <span className="badge">{t('scan.gate', { gate: device.gate })}</span>
          {/* Door or bar is the staff's choice only on a device without a list; a list decides for itself. */}
          {!device.checkInList && (
            <span className={`badge ${device.mode === 'voucher' ? 'badge-voucher' : ''}`} data-testid="mode-badge">
              {device.mode === 'voucher' ? t('scan.modeVoucher') : t('scan.modeTicket')}
            </span>
          )}
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
      {snapshot.last && <Verdict record={snapshot.last.record} count={snapshot.last.count} products={store.gateState?.products ?? noProducts} onDismiss={() => store.dismissVerdict()} />}
    </div>
  );
}
