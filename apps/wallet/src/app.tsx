import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '@ticketguard/web/language-switch.tsx';
import { Link, match, usePath } from './router.tsx';
import { ensureAccount } from './lib/wallet-api.ts';
import { useUnread } from './lib/inbox.ts';
import { Home } from './screens/home.tsx';
import { EventScreen } from './screens/event.tsx';
import { TicketScreen } from './screens/ticket.tsx';
import { ClaimScreen } from './screens/claim.tsx';
import { OrderScreen } from './screens/order.tsx';
import { QueueScreen } from './screens/queue.tsx';

// Rare screens load on demand, so the first load stays small.
const RecoverScreen = lazy(() => import('./screens/recover.tsx'));
const PrivacyScreen = lazy(() => import('./screens/privacy.tsx'));
const InboxScreen = lazy(() => import('./screens/inbox.tsx'));
const VouchersScreen = lazy(() => import('./screens/vouchers.tsx'));
const OrdersScreen = lazy(() => import('./screens/orders.tsx'));

function Screen({ path }: { path: string }) {
  let params;
  if ((params = match('/e/:eventId', path))) return <EventScreen key={params.eventId} eventId={params.eventId!} />;
  if ((params = match('/t/:ticketId', path))) return <TicketScreen key={params.ticketId} ticketId={params.ticketId!} />;
  if ((params = match('/q/:eventId', path))) return <QueueScreen key={params.eventId} eventId={params.eventId!} />;
  if ((params = match('/o/:orderId', path))) return <OrderScreen key={params.orderId} orderId={params.orderId!} />;
  if (match('/claim', path)) return <ClaimScreen />;
  if (match('/recover', path)) return <RecoverScreen />;
  if (match('/privacy', path)) return <PrivacyScreen />;
  if (match('/inbox', path)) return <InboxScreen />;
  if (match('/vouchers', path)) return <VouchersScreen />;
  if (match('/orders', path)) return <OrdersScreen />;
  return <Home />;
}

export function App() {
  const { t } = useTranslation();
  const path = usePath();
  const unread = useUnread(path);

  useEffect(() => {
    // First open: the key and the account, and a request that the browser keep our storage.
    void ensureAccount().catch(() => undefined);
    void navigator.storage?.persist?.().catch(() => false);
  }, []);

  // The tickets tab is home to a ticket's screen and the orders too.
  const current = (to: string) => (to === '/' ? path === '/' || path.startsWith('/t/') || path.startsWith('/orders') : path.startsWith(to));
  const tab = (to: string, label: string, count = 0) => (
    <Link to={to} aria-current={current(to) ? 'page' : undefined}>
      {label}
      {count > 0 && (
        <>
          <span className="tab-count" aria-hidden="true" data-testid="unread">{count}</span>
          <span className="visually-hidden"> {t('nav.unread', { count })}</span>
        </>
      )}
    </Link>
  );

  return (
    <>
      <header className="topbar">
        <Link className="brand" to="/">Ticketguard</Link>
        <LanguageSwitch />
      </header>
      <Suspense fallback={<main className="page" aria-busy="true" />}>
        <Screen path={path} />
      </Suspense>
      <nav className="tabbar" aria-label={t('nav.label')}>
        {tab('/', t('nav.tickets'))}
        {tab('/inbox', t('nav.inbox'), unread)}
        {tab('/vouchers', t('nav.vouchers'))}
        {tab('/privacy', t('nav.privacy'))}
      </nav>
    </>
  );
}
