import { useSyncExternalStore } from 'react';

/**
 * The organizer token lives in localStorage, so the dashboard stays signed in across tabs and reloads
 * (an organizer keeps the gate page open on one screen and messages on another). The strict CSP keeps
 * other scripts from reading it; signing out (or any 401) removes it.
 */
const storageKey = 'tg-dashboard-token';
const listeners = new Set<() => void>();

export const currentToken = () => localStorage.getItem(storageKey);

export function signIn(token: string) {
  localStorage.setItem(storageKey, token);
  listeners.forEach((notify) => notify());
}

export function signOut() {
  localStorage.removeItem(storageKey);
  listeners.forEach((notify) => notify());
}

function subscribe(notify: () => void) {
  listeners.add(notify);
  // Another tab signing in or out changes this one too.
  const onStorage = (event: StorageEvent) => event.key === storageKey && notify();
  addEventListener('storage', onStorage);
  return () => {
    listeners.delete(notify);
    removeEventListener('storage', onStorage);
  };
}

export const useToken = () => useSyncExternalStore(subscribe, currentToken);
