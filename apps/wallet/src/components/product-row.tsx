import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../lib/format.ts';
import { isAddon } from '../lib/products.ts';
import type { TicketType } from '../lib/tickets.ts';

interface Props {
  type: TicketType;
  count: number;
  /** The most of it the basket may hold now: what is left, within the limit per phone. */
  max: number;
  onCount: (n: number) => void;
  /** Nothing can be added while the event is not on sale. */
  onSale: boolean;
  /** A short note after the price ("with a ticket only"). */
  note?: string;
  /** The id of the sentence that says why "+" is off, while it is. */
  blockedBy?: string;
  /** In place of the stepper: joining the waiting list of a sold-out product. */
  children?: ReactNode;
}

/** One product on the event page: a ticket type or an add-on, its price and what is left, and a stepper. */
export function ProductRow({ type, count, max, onCount, onSale, note, blockedBy, children }: Props) {
  const { t } = useTranslation();
  const extra = isAddon(type) ? 'Extra' : '';
  const left = type.salesStopped ? t('buy.stopped') : type.available > 0 ? t('buy.available', { count: type.available }) : t('buy.soldOut');
  return (
    <li className="type-row" data-testid={`product-${type.name}`}>
      <div>
        <strong>{type.name}</strong>
        <div className="muted">
          {formatMoney(type.priceCents, type.currency)} · {left}
          {note && ` · ${note}`}
        </div>
      </div>
      {children ?? (
        <div className="stepper" role="group" aria-label={t(`buy.quantityOf${extra}`, { name: type.name })}>
          <button type="button" className="secondary" aria-label={t(`buy.less${extra}`, { name: type.name })} disabled={count === 0} onClick={() => onCount(count - 1)}>−</button>
          <output aria-live="polite" data-testid={`quantity-${type.name}`}>{count}</output>
          <button
            type="button"
            className="secondary"
            aria-label={t(`buy.more${extra}`, { name: type.name })}
            aria-describedby={blockedBy}
            disabled={Boolean(blockedBy) || count >= max || !onSale}
            onClick={() => onCount(count + 1)}
          >
            +
          </button>
        </div>
      )}
    </li>
  );
}
