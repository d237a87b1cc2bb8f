import { useTranslation } from 'react-i18next';

/** The inbox: messages from organizers, live. */
export default function InboxScreen() {
  const { t } = useTranslation();
  return (
    <main className="page stack">
      <h1>{t('inbox.title')}</h1>
      <p className="muted">{t('inbox.empty')}</p>
    </main>
  );
}
