import { useEffect, useState } from 'react';
import { ApiError, api, ensureAccount } from './wallet-api.ts';
import type { ServerTicket } from './tickets.ts';

/** An order as POST /api/v1/orders and GET /api/v1/orders/:orderId answer it (API.md, Payments). */
export interface OrderView {
  order: {
    id: string;
    eventId: string;
    status: 'pending' | 'paid' | 'failed' | 'expired' | 'refunded' | 'needs_attention';
    statusReason?: 'late_payment' | 'amount_mismatch' | 'payment_provider_unavailable';
    totalCents: number;
    currency: string;
    createdAt: string;
    expiresAt: string;
    resale: boolean;
    items: { ticketTypeId: string; quantity: number; unitPriceCents: number }[];
    tickets: ServerTicket[];
  };
  payment: { provider: string; checkoutUrl: string | null; status: 'open' | 'paid' | 'failed' | 'canceled' | 'expired' | null };
}

/** The server asks the provider at most this often on the buyer's behalf; asking it faster gains nothing. */
const pollMs = 2_000;

/**
 * Nothing more will happen to the order. A payment the provider still has open is not final even
 * when the hold has run out: an iDEAL payment cannot be cancelled and may still arrive, and the
 * order then turns paid or refunded.
 */
export const isFinal = ({ order, payment }: OrderView) => order.status !== 'pending' && payment.status !== 'open';

/**
 * One of this phone's orders, asked for every 2 s while the page is visible and the order not final,
 * and at once when the page becomes visible again or the phone comes back online. Each answer is
 * fresh from the provider (the server asks it), so this finds the outcome even if a webhook is lost.
 */
export function useOrder(orderId: string) {
  const [view, setView] = useState<OrderView>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    let live = true;
    let asking = false;
    let final = false;
    let timer: ReturnType<typeof setTimeout> | undefined;

    async function ask() {
      if (!live || asking || final || document.visibilityState !== 'visible') return;
      clearTimeout(timer);
      asking = true;
      try {
        await ensureAccount();
        const answer = await api<OrderView>('GET', `/api/v1/orders/${orderId}`);
        if (!live) return;
        final = isFinal(answer);
        setView(answer);
        setError(undefined);
      } catch (e) {
        if (!live) return;
        // Someone else's order answers 404 too: asking again will not make it ours.
        final = e instanceof ApiError && e.status === 404;
        setError(e);
      } finally {
        asking = false;
        if (live && !final) timer = setTimeout(() => void ask(), pollMs);
      }
    }

    const onVisible = () => void ask();
    void ask();
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('online', onVisible);
    return () => {
      live = false;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('online', onVisible);
    };
  }, [orderId]);

  return { view, error };
}
