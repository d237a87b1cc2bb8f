import { createContext, useContext, type ReactNode } from 'react';
import { useApi } from './use-api.ts';

export interface Session {
  organizer: { id: string; name: string };
  staff: { id: string; email: string; name: string; role: 'owner' | 'manager' | 'gate' };
  permissions: string[];
}

const SessionContext = createContext<Session | undefined>(undefined);

/** Who is signed in and what they may do, so the dashboard shows only what the role allows. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const { data, error, missing } = useApi<Session>('/api/v1/session', undefined, true);
  // Until the role is known nothing is drawn, so gate staff never see (and click) a link they may not follow.
  if (!data && !error && !missing) return null;
  return <SessionContext.Provider value={data}>{children}</SessionContext.Provider>;
}

/** The session, or undefined on a server without the session route (then all is shown and the server still refuses). */
export const useSession = () => useContext(SessionContext);

/**
 * Whether the signed-in staff member may do this (a permission name of the server's table). While the
 * session loads, or on a server without it, everything is shown: the server refuses what is not allowed.
 */
export function useMay() {
  const session = useSession();
  return (...any: string[]) => !session || any.some((permission) => session.permissions.includes(permission));
}
