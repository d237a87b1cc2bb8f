import type { ReactNode } from 'react';

/**
 * A table that scrolls sideways on a narrow screen. The scrolling box takes keyboard focus (so arrow keys
 * scroll it without a mouse) and is a named region, so a screen reader says what is in focus.
 */
export function TableScroll({ label, labelledBy, card = false, children }: { label?: string; labelledBy?: string; card?: boolean; children: ReactNode }) {
  return (
    <div className={card ? 'table-scroll card' : 'table-scroll'} tabIndex={0} role="region" aria-label={label} aria-labelledby={labelledBy}>
      {children}
    </div>
  );
}
