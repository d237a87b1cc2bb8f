import { formatMoney } from '../lib/format.ts';
import type { OrderView } from '../lib/orders.ts';
import type { EventInfo } from '../lib/tickets.ts';

/**
 * The lines of an order: "2 × Standing €70.00", for the checkout and the receipt. An order just placed
 * comes without its products' names: the event's page has them.
 */
export function ReceiptItems({ order, event }: { order: OrderView['order']; event?: EventInfo }) {
  const name = (item: OrderView['order']['items'][number]) => item.name ?? event?.ticketTypes.find((type) => type.id === item.ticketTypeId)?.name;
  return (
    <ul className="checkout-items">
      {order.items.map((item) => (
        <li key={item.ticketTypeId}>
          {item.quantity} × {name(item)} <span className="muted">{formatMoney(item.quantity * item.unitPriceCents, order.currency)}</span>
        </li>
      ))}
    </ul>
  );
}
