import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/** A router of a few lines on the History API: the wallet has a handful of screens under /wallet/. */
const base = '/wallet';
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());
window.addEventListener('popstate', notify);

export function navigate(path: string, options: { replace?: boolean } = {}) {
  const url = base + path;
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.scrollTo(0, 0);
  notify();
}

const subscribe = (listener: () => void) => (listeners.add(listener), () => listeners.delete(listener));
const currentPath = () => location.pathname.slice(base.length) || '/';

/** The path inside the app, e.g. `/t/<ticket id>`; re-renders on every navigation. */
export const usePath = () => useSyncExternalStore(subscribe, currentPath);

/** Matches `/t/:id` style patterns; returns the parameters or undefined. */
export function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const have = path.replace(/\/$/, '').split('/');
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i]!.startsWith(':')) params[want[i]!.slice(1)] = decodeURIComponent(have[i]!);
    else if (want[i] !== have[i]) return undefined;
  }
  return params;
}

/** An ordinary link (open in new tab works) that navigates inside the app on a plain click. */
export function Link({ to, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={base + to} onClick={onClick} {...rest} />;
}
