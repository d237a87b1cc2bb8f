import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/** The app lives under /dashboard; every screen has a path of its own, so links can be shared and bookmarked. */
export const base = '/dashboard';

const changed = 'tg-navigate';

function subscribe(notify: () => void) {
  addEventListener('popstate', notify);
  addEventListener(changed, notify);
  return () => {
    removeEventListener('popstate', notify);
    removeEventListener(changed, notify);
  };
}

const currentPath = () => location.pathname.slice(base.length).replace(/\/+$/, '') || '/';

export const usePath = () => useSyncExternalStore(subscribe, currentPath);

export function navigate(to: string, replace = false) {
  history[replace ? 'replaceState' : 'pushState'](null, '', base + to);
  dispatchEvent(new Event(changed));
  scrollTo(0, 0);
}

/** Matches `/events/:id/gate` style patterns; returns the named parts or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i]!.startsWith(':')) params[want[i]!.slice(1)] = decodeURIComponent(have[i]!);
    else if (want[i] !== have[i]) return null;
  }
  return params;
}

/** A real link (open in new tab works) that navigates in place on a plain click. */
export function Link({ to, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  const current = currentPath() === to;
  return <a href={base + to} onClick={onClick} aria-current={current ? 'page' : undefined} {...rest} />;
}
