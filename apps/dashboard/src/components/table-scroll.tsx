import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A table that scrolls sideways on a narrow screen. The scrolling box takes keyboard focus (so arrow keys
 * scroll it without a mouse) and is a region named after its table ("Holders (table)"), a name of its own
 * next to the section around it.
 */
export function TableScroll({ name, card = false, children }: { name: string; card?: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className={card ? 'table-scroll card' : 'table-scroll'} tabIndex={0} role="region" aria-label={t('app.table', { name })}>
      {children}
    </div>
  );
}
