import { useEffect, useReducer } from 'react';
import { useTranslation } from 'react-i18next';
import { moment } from '../format.ts';
import { isClosed, type OrganizerEvent } from '../types.ts';

/** "Sale opens ..." (through a waiting room) beside an event's date while its opening is still ahead; gone at the opening. */
export function SaleOpens({ event }: { event: OrganizerEvent }) {
  const { t } = useTranslation();
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const opensAt = event.onSaleAt ? Date.parse(event.onSaleAt) : 0;
  // A page left open over the opening drops the line then, without reloading the event.
  useEffect(() => {
    const left = opensAt - Date.now();
    if (left <= 0 || left > 2 ** 31 - 1) return;
    const timer = setTimeout(rerender, left + 100);
    return () => clearTimeout(timer);
  }, [opensAt]);
  if (!event.onSaleAt || opensAt <= Date.now() || isClosed(event)) return null;
  const key = event.waitingRoom?.enabled ? 'opening.opensAtRoom' : 'opening.opensAt';
  return <> · <span data-testid="sale-opens">{t(key, { at: moment(event.onSaleAt) })}</span></>;
}
