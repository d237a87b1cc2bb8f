import type { ReactNode } from 'react';

/**
 * The second click of something that cannot be undone: what it does, in words (or shown, such as a
 * message before it goes), with the danger button next to the way out. An alert, so a screen reader
 * reads the warning as it appears.
 */
export function ConfirmNotice({ warning, confirm, keep, busy = false, onConfirm, onKeep }: { warning: ReactNode; confirm: string; keep: string; busy?: boolean; onConfirm: () => void; onKeep: () => void }) {
  return (
    <div className="notice stack" role="alert">
      {typeof warning === 'string' ? <p>{warning}</p> : warning}
      <div className="row">
        <button type="button" className="danger" disabled={busy} onClick={onConfirm}>{confirm}</button>
        <button type="button" className="secondary" onClick={onKeep}>{keep}</button>
      </div>
    </div>
  );
}
