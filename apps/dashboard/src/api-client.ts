import { ApiError, readJson } from '@ticketguard/web/api.ts';
import { currentToken, signOut } from './session.ts';

export { ApiError };

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One call to the organizer API with the session's Bearer token; a 401 ends the session. A body is sent
 * as JSON, or a file (a picture) as its own bytes and type.
 */
export async function api<T>(path: string, method: Method = 'GET', body?: unknown): Promise<T> {
  const token = currentToken();
  const file = body instanceof Blob;
  const response = await fetch(path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': file ? body.type : 'application/json' }),
    },
    ...(body === undefined ? {} : { body: file ? body : JSON.stringify(body) }),
  });
  if (response.status === 401 && token) signOut();
  return readJson<T>(response);
}

/** Downloads a Bearer-protected file (CSV) through a temporary object URL, as a plain link cannot carry the token. */
export async function download(path: string, fileName: string) {
  const token = currentToken();
  const response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) await readJson(response);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
