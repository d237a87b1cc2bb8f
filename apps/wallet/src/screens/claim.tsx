import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../router.tsx';
import { syncTickets } from '../lib/tickets.ts';
import { api, ensureAccount } from '../lib/wallet-api.ts';
import { ErrorText } from '../components/error-text.tsx';

/**
 * `/wallet/claim#<token>`: works on a phone that never opened the wallet. The token is in the
 * fragment, so it never reaches a server log; it is taken off the address bar once read.
 */
export function ClaimScreen() {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const claimToken = decodeURIComponent(location.hash.slice(1));
    history.replaceState(null, '', location.pathname);
    if (!claimToken) {
      setError(new Error('no token'));
      return;
    }
    (async () => {
      await ensureAccount();
      const { ticket } = await api<{ ticket: { id: string } }>('POST', '/api/v1/claims', { claimToken });
      await syncTickets();
      navigate(`/t/${ticket.id}?claimed=1`, { replace: true });
    })().catch(setError);
  }, []);

  return (
    <main className="page stack">
      <h1>{t('claim.title')}</h1>
      {error === undefined ? <p aria-busy="true">{t('claim.working')}</p> : <ErrorText error={error} />}
    </main>
  );
}
