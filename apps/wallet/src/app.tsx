import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '@ticketguard/web/language-switch.tsx';

export function App() {
  const { t } = useTranslation();
  return (
    <>
      <header className="topbar">
        <span className="brand">Ticketguard</span>
        <LanguageSwitch />
      </header>
      <main className="page">
        <h1>{t('title')}</h1>
        <p className="muted">{t('empty')}</p>
      </main>
    </>
  );
}
