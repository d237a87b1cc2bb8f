import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '@ticketguard/web/language-switch.tsx';
import { Link, match, usePath } from './router.tsx';
import { signOut, useToken } from './session.ts';
import { SessionProvider, useMay, useSession } from './session-context.tsx';
import { AuthPage } from './pages/auth-page.tsx';
import { InvitePage } from './pages/invite-page.tsx';
import { EventsPage } from './pages/events-page.tsx';
import { EventFormPage } from './pages/event-form-page.tsx';
import { EventOverviewPage } from './pages/event-overview-page.tsx';
import { EventSetupPage } from './pages/event-setup-page.tsx';
import { GatePage } from './pages/gate-page.tsx';
import { ListsPage } from './pages/lists-page.tsx';
import { MessagesPage } from './pages/messages-page.tsx';
import { HoldersPage } from './pages/holders-page.tsx';
import { VouchersPage } from './pages/vouchers-page.tsx';
import { VisitorsPage } from './pages/visitors-page.tsx';
import { WebhooksPage } from './pages/webhooks-page.tsx';
import { StaffPage } from './pages/staff-page.tsx';
import { QuestionsPage } from './pages/questions-page.tsx';
import { AuditPage } from './pages/audit-page.tsx';
import { DeskPage } from './pages/desk-page.tsx';
import { PaymentsPage } from './pages/payments-page.tsx';
import { EventPaymentsPage } from './pages/event-payments-page.tsx';
import { WaitingRoomPage } from './pages/waiting-room-page.tsx';

type Screen = [pattern: string, render: (params: Record<string, string>) => ReactNode];

/** Every screen of the signed-in dashboard, by path below /dashboard. */
const screens: Screen[] = [
  ['/', () => <EventsPage />],
  ['/events/new', () => <EventFormPage />],
  ['/events/:eventId', (p) => <EventOverviewPage eventId={p.eventId!} />],
  ['/events/:eventId/setup', (p) => <EventSetupPage eventId={p.eventId!} />],
  ['/events/:eventId/gate', (p) => <GatePage eventId={p.eventId!} />],
  ['/events/:eventId/lists', (p) => <ListsPage eventId={p.eventId!} />],
  ['/events/:eventId/messages', (p) => <MessagesPage eventId={p.eventId!} />],
  ['/events/:eventId/holders', (p) => <HoldersPage eventId={p.eventId!} />],
  ['/events/:eventId/vouchers', (p) => <VouchersPage eventId={p.eventId!} />],
  ['/events/:eventId/payments', (p) => <EventPaymentsPage eventId={p.eventId!} />],
  ['/events/:eventId/waiting-room', (p) => <WaitingRoomPage eventId={p.eventId!} />],
  ['/visitors', () => <VisitorsPage />],
  ['/questions', () => <QuestionsPage />],
  ['/payments', () => <PaymentsPage />],
  ['/webhooks', () => <WebhooksPage />],
  ['/staff', () => <StaffPage />],
  ['/audit-log', () => <AuditPage />],
  ['/desk', () => <DeskPage />],
];

export function App() {
  const token = useToken();
  const path = usePath();
  if (path === '/invite') return <Frame><InvitePage /></Frame>;
  if (!token) return <Frame><AuthPage mode={path === '/sign-up' ? 'sign-up' : 'sign-in'} /></Frame>;
  return (
    <SessionProvider>
      <Frame signedIn>
        <Screens path={path} />
      </Frame>
    </SessionProvider>
  );
}

function Screens({ path }: { path: string }) {
  const { t } = useTranslation();
  for (const [pattern, render] of screens) {
    const params = match(pattern, path);
    if (params) return <>{render(params)}</>;
  }
  return (
    <>
      <h1>{t('app.notFound')}</h1>
      <Link to="/">{t('nav.events')}</Link>
    </>
  );
}

function Frame({ children, signedIn = false }: { children: ReactNode; signedIn?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">{t('app.skip')}</a>
      <header className="topbar">
        <Link to="/" className="brand">Ticketguard</Link>
        <div className="row topbar-tools">
          {signedIn && <OrganizerName />}
          <LanguageSwitch />
          {signedIn && (
            <button type="button" className="secondary compact" onClick={signOut} data-testid="sign-out">
              {t('app.signOut')}
            </button>
          )}
        </div>
      </header>
      <div className={signedIn ? 'layout' : 'layout single'}>
        {signedIn && <MainNav />}
        <main className="page" id="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </>
  );
}

function OrganizerName() {
  const session = useSession();
  return session ? <span className="muted organizer-name" data-testid="organizer-name">{session.organizer.name}</span> : null;
}

function MainNav() {
  const { t } = useTranslation();
  const may = useMay();
  const path = usePath();
  // On a phone the menu folds into one button, so the screen starts with the page, not with links.
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [path]);
  const items: [string, string, boolean][] = [
    ['/', t('nav.events'), true],
    ['/desk', t('nav.desk'), may('desk.use')],
    ['/visitors', t('nav.visitors'), may('insights.read')],
    ['/questions', t('nav.questions'), may('questions.write')],
    ['/payments', t('nav.payments'), may('payments.manage')],
    ['/webhooks', t('nav.webhooks'), may('webhooks.manage')],
    ['/staff', t('nav.staff'), may('staff.manage')],
    ['/audit-log', t('nav.audit'), may('audit.read')],
  ];
  return (
    <nav className="main-nav" aria-label={t('nav.label')}>
      <button type="button" className="secondary compact menu-toggle" aria-expanded={open} aria-controls="main-menu" onClick={() => setOpen(!open)}>
        {t('nav.menu')}
      </button>
      <ul id="main-menu" className={open ? 'open' : undefined}>
        {items.filter(([, , show]) => show).map(([to, label]) => (
          <li key={to}>
            <Link to={to}>{label}</Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
