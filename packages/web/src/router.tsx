import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/**
 * A router of a few lines on the History API, for an app served under `base` (`/wallet`): every
 * screen has a path of its own, so links can be shared and bookmarked, and the server answers any
 * such path with the app (routes/web-apps.ts).
 */
export function createRouter(base: string) {
  const changed = `tg-navigate${base}`;
  const subscribe = (notify: () => void) => {
    addEventListener('popstate', notify);
    addEventListener(changed, notify);
    return () => {
      removeEventListener('popstate', notify);
      removeEventListener(changed, notify);
    };
  };
  const currentPath = () => location.pathname.slice(base.length).replace(/\/+$/, '') || '/';

  function navigate(path: string, options: { replace?: boolean } = {}) {
    history[options.replace ? 'replaceState' : 'pushState'](null, '', base + path);
    dispatchEvent(new Event(changed));
    scrollTo(0, 0);
  }

  /** An ordinary link (open in a new tab works) that navigates inside the app on a plain click. */
  function Link({ to, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
    const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      navigate(to);
    };
    return <a href={base + to} onClick={onClick} aria-current={currentPath() === to ? 'page' : undefined} {...rest} />;
  }

  /** The path inside the app, e.g. `/t/<ticket id>`; re-renders on every navigation. */
  const usePath = () => useSyncExternalStore(subscribe, currentPath);

  return { navigate, Link, usePath };
}

/** Matches `/t/:id` style patterns; returns the named parts, or undefined. */
export function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const have = (path.length > 1 ? path.replace(/\/$/, '') : path).split('/');
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i]!.startsWith(':')) params[want[i]!.slice(1)] = decodeURIComponent(have[i]!);
    else if (want[i] !== have[i]) return undefined;
  }
  return params;
}
