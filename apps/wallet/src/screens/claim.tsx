import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isNetworkError } from '@ticketguard/web/api.ts';
import { navigate } from '../router.tsx';
import { syncTickets } from '../lib/tickets.ts';
import { api, ensureAccount } from '../lib/wallet-api.ts';
import { ErrorText } from '../components/error-text.tsx';

/**
 * `/wallet/claim#<token>`: works on a phone that never opened the wallet. The token is in the
 * fragment, so it never reaches a server log; it is taken off the address bar once read, and kept
 * in memory to try again when the network was gone.
 */
export function ClaimScreen() {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  const token = useRef<string | undefined>(undefined);

  const claim = useCallback(async () => {
    setError(undefined);
    try {
      if (!token.current) throw new Error('no token');
      await ensureAccount();
      const { ticket } = await api<{ ticket: { id: string } }>('POST', '/api/v1/claims', { claimToken: token.current });
      await syncTickets();
      navigate(`/t/${ticket.id}?claimed=1`, { replace: true });
    } catch (e) {
      setError(e);
    }
  }, []);

  useEffect(() => {
    if (token.current !== undefined) return;
    token.current = decodeURIComponent(location.hash.slice(1));
    history.replaceState(null, '', location.pathname);
    void claim();
  }, [claim]);

  return (
    <main className="page stack">
      <h1>{t('claim.title')}</h1>
      {error === undefined ? <p aria-busy="true">{t('claim.working')}</p> : <ErrorText error={error} />}
      {isNetworkError(error) && <button type="button" onClick={() => void claim()}>{t('claim.retry')}</button>}
    </main>
  );
}
