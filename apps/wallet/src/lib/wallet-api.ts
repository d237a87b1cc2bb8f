import { ApiError, readJson } from '@ticketguard/web/api.ts';
import { timedFetch } from '@ticketguard/web/server-clock.ts';
import { dpopProof } from './dpop.ts';
import { idb } from './idb.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Known offline: fail as fetch would (a TypeError), without the request, so a phone at a gate with
 * no signal shows its tickets quietly instead of logging failed loads.
 */
function assertOnline() {
  if (!navigator.onLine) throw new TypeError('offline');
}

/** A wallet call: JSON in and out, a fresh DPoP proof each time, and the server's clock learned. */
export async function api<T>(method: Method, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  assertOnline();
  const response = await timedFetch(path, {
    method,
    headers: { dpop: await dpopProof(method, path), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return readJson<T>(response);
}

/** A public call (no key needed): an event page before the visitor has anything. */
export async function publicApi<T>(method: Method, path: string, body?: unknown): Promise<T> {
  assertOnline();
  const response = await timedFetch(path, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return readJson<T>(response);
}

let account: Promise<string> | undefined;

/**
 * The account of this phone's key: made by the first DPoP call to POST /api/v1/accounts and
 * remembered. Calling it again is harmless (the server answers 200 with the same id).
 */
export function ensureAccount() {
  account ??= (async () => {
    const known = await idb.get<string>('meta', 'accountId');
    if (known) return known;
    const { accountId } = await api<{ accountId: string }>('POST', '/api/v1/accounts', {});
    await idb.put('meta', 'accountId', accountId);
    return accountId;
  })();
  account.catch(() => (account = undefined));
  return account;
}

export async function forgetAccount() {
  account = undefined;
  await idb.delete('meta', 'accountId');
}

/** After recovery the phone's key belongs to the recovered account. */
export async function setAccount(accountId: string) {
  await idb.put('meta', 'accountId', accountId);
  account = Promise.resolve(accountId);
}

export { ApiError };
