import { useEffect, useState } from 'react';
import { idb } from './idb.ts';
import { inForce, loadConsents, setConsent } from './consents.ts';
import { ensureAccount } from './wallet-api.ts';
import type { EventInfo } from './tickets.ts';

/** The organizers this phone knows by name: those of the events it keeps (public events name theirs). */
async function knownOrganizers() {
  const events = await idb.all<EventInfo>('events');
  return new Map(events.flatMap((event) => (event.organizer ? [[event.organizer.id, event.organizer.name] as const] : [])));
}

/**
 * What the inbox needs for news from organizers (messages to visitors across their events): each
 * organizer's name, from the events on the phone and the consent ledger, and whether it may send news
 * now (its `marketing` consent in force; unknown while offline). `stop` withdraws that consent.
 */
export function useOrganizerNews(organizerIds: string[]) {
  const key = [...new Set(organizerIds)].sort().join(',');
  const [names, setNames] = useState(() => new Map<string, string>());
  const [allowed, setAllowed] = useState(() => new Map<string, boolean>());

  useEffect(() => {
    if (!key) return;
    let live = true;
    const learn = (more: Iterable<readonly [string, string]>) => live && setNames((current) => new Map([...current, ...more]));
    void knownOrganizers().then(learn, () => undefined);
    void ensureAccount().then(loadConsents).then((ledger) => {
      const news = inForce(ledger).filter((consent) => consent.purpose === 'marketing');
      learn(news.map((consent) => [consent.organizerId, consent.organizerName] as const));
      if (live) setAllowed(new Map(news.map((consent) => [consent.organizerId, consent.granted])));
    }, () => undefined);
    return () => void (live = false);
  }, [key]);

  async function stop(organizerId: string) {
    await setConsent(organizerId, 'marketing', false);
    setAllowed((current) => new Map(current).set(organizerId, false));
  }

  return { name: (id: string) => names.get(id), allowed: (id: string) => allowed.get(id), stop };
}

export type OrganizerNews = ReturnType<typeof useOrganizerNews>;
