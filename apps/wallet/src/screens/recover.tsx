import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../router.tsx';
import { recoverWithPasskey } from '../lib/passkeys.ts';
import { ErrorText } from '../components/error-text.tsx';

/** "Recover my tickets" on a new phone, with the passkey made on the old one. */
export default function RecoverScreen() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function recover() {
    setBusy(true);
    setError(undefined);
    try {
      await recoverWithPasskey();
      navigate('/?recovered=1', { replace: true });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <main className="page stack">
      <h1>{t('recover.title')}</h1>
      <p>{t('recover.explain')}</p>
      <p className="notice">{t('recover.warning')}</p>
      <button type="button" disabled={busy} onClick={() => void recover()}>{t('recover.button')}</button>
      {error !== undefined && <ErrorText error={error} />}
    </main>
  );
}
