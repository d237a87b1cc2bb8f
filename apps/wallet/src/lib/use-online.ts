import { useSyncExternalStore } from 'react';

const subscribe = (listener: () => void) => {
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
};

/** Whether the browser thinks it has a network: offers that need one hide while it has not. */
export const useOnline = () => useSyncExternalStore(subscribe, () => navigator.onLine);

/** Reads a one-time flag from the address (`?bought=1`) and takes it off, so a reload does not repeat it. */
export function takeFlag(name: string) {
  const params = new URLSearchParams(location.search);
  if (params.get(name) !== '1') return false;
  params.delete(name);
  const query = params.toString();
  history.replaceState(history.state, '', location.pathname + (query ? `?${query}` : '') + location.hash);
  return true;
}
