import { useEffect, useState } from 'react';
import { ApiError, api, ensureAccount } from './wallet-api.ts';
import type { ProductKind, ServerTicket } from './tickets.ts';

/** An order as POST /api/v1/orders and GET /api/v1/orders/:orderId answer it (API.md, Payments). */
export interface OrderView {
  order: {
    id: string;
    eventId: string;
    status: 'pending' | 'paid' | 'failed' | 'expired' | 'refunded' | 'needs_attention';
    statusReason?: 'late_payment' | 'amount_mismatch' | 'payment_provider_unavailable' | 'sales_closed' | 'cancelled';
    totalCents: number;
    currency: string;
    createdAt: string;
    expiresAt: string;
    resale: boolean;
    /**
     * The receipt: each item with its product's name, the event's name, when it was paid, and the VAT
     * included in the total. Left out of the answer that places the order.
     */
    items: { ticketTypeId: string; name?: string; kind?: ProductKind; quantity: number; unitPriceCents: number }[];
    eventName?: string;
    paidAt?: string | null;
    vat?: { basisPoints: number; cents: number } | null;
    tickets: ServerTicket[];
  };
  payment: { provider: string; checkoutUrl: string | null; status: 'open' | 'paid' | 'failed' | 'canceled' | 'expired' | null };
}

/** This phone's orders, newest first. */
export async function myOrders() {
  await ensureAccount();
  return (await api<{ orders: OrderView[] }>('GET', '/api/v1/me/orders')).orders;
}

/** Still waiting for payment, and its hold not run out: the buyer can pay it or cancel it. */
export const isOpen = ({ order }: OrderView, now: number) => order.status === 'pending' && Date.parse(order.expiresAt) > now;

/** Cancels a pending order: its seats come back at once. */
export const cancelOrder = (orderId: string) => api<OrderView>('POST', `/api/v1/orders/${orderId}/cancel`);

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
