import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from './api-client.ts';
import { routeExists } from './route-list.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | Error | undefined;
  /** The server has no such route (an older server): the screen hides that part. */
  missing: boolean;
  reload: () => void;
}

/**
 * GETs `path` (null: nothing yet) and keeps it fresh every `refreshMs` while the tab is visible, which
 * is what makes the sales and gate charts live without a socket. `optional` routes are looked up in the
 * server's route list first.
 */
export function useApi<T>(path: string | null, refreshMs?: number, optional = false): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError | Error; missing: boolean }>({ missing: false });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    if (!path) return;
    let live = true;
    let timer: ReturnType<typeof setInterval> | undefined;
    const load = () =>
      api<T>(path).then(
        (data) => live && setState({ data, missing: false }),
        (error: Error) => live && setState((s) => ({ data: s.data, error, missing: false })),
      );
    void (async () => {
      if (optional && !(await routeExists(path))) {
        if (live) setState({ missing: true });
        return;
      }
      void load();
      if (refreshMs && live) timer = setInterval(() => !document.hidden && void load(), refreshMs);
    })();
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [path, refreshMs, optional, generation]);

  return { data: state.data, error: state.error, missing: state.missing, reload };
}
