import { useTranslation } from 'react-i18next';

/** The privacy centre. */
export default function PrivacyScreen() {
  const { t } = useTranslation();
  return (
    <main className="page stack">
      <h1>{t('privacy.title')}</h1>
    </main>
  );
}
