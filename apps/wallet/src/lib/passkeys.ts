import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { api, setAccount } from './wallet-api.ts';
import { idb } from './idb.ts';
import { syncTickets, type ServerTicket } from './tickets.ts';

/** Backs this account up with a passkey (kept by the phone's platform, synced to the visitor's other devices). */
export async function backUpWithPasskey() {
  const optionsJSON = await api<Parameters<typeof startRegistration>[0]['optionsJSON']>('POST', '/api/v1/me/passkeys/options', {});
  const response = await startRegistration({ optionsJSON });
  await api('POST', '/api/v1/me/passkeys', { response });
  await idb.put('meta', 'passkey', { at: new Date().toISOString() });
}

/**
 * On a new phone: sign in with the passkey; the server makes this phone's key the account's active key
 * and rebinds every ticket to it (seq + 1), so the old phone's codes stop working at the gate.
 */
export async function recoverWithPasskey() {
  const optionsJSON = await api<Parameters<typeof startAuthentication>[0]['optionsJSON']>('POST', '/api/v1/recovery/options', {});
  const response = await startAuthentication({ optionsJSON });
  const result = await api<{ accountId: string; tickets: ServerTicket[] }>('POST', '/api/v1/recovery', { response });
  await setAccount(result.accountId);
  await idb.put('meta', 'passkey', { at: new Date().toISOString() });
  await syncTickets();
  return result;
}

export const hasBackup = async () => Boolean(await idb.get('meta', 'passkey'));
