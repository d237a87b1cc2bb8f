import { api } from './wallet-api.ts';

/** A row of the consent ledger, as GET /api/v1/me/consents lists it (oldest first). */
export interface Consent { id: string; organizerId: string; organizerName: string; purpose: string; granted: boolean; source: string; at: string }

export const loadConsents = async () => (await api<{ consents: Consent[] }>('GET', '/api/v1/me/consents')).consents;

/**
 * Agrees to a purpose for an organizer, or withdraws it: a new row in the ledger. A withdrawal deletes
 * the answers given to the organizer's questions for that purpose, and says how many.
 */
export const setConsent = (organizerId: string, purpose: string, granted: boolean) =>
  api<{ answersDeleted: number }>('POST', '/api/v1/me/consents', { organizerId, purpose, granted });

/** A purpose as the visitor reads it: the organizer's sentence as written, an older name ("line_up_planning") with spaces. */
export const readablePurpose = (purpose: string) => (/^[a-z0-9_.-]+$/.test(purpose) ? purpose.replace(/[_.-]+/g, ' ') : purpose);

/** The ledger is append-only: the newest row per organizer and purpose is the one in force. */
export function inForce(ledger: Consent[]) {
  const current = new Map<string, Consent>();
  for (const row of ledger) current.set(`${row.organizerId}\n${row.purpose}`, row);
  return [...current.values()];
}
