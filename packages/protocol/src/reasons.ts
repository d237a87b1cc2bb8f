/**
 * Scan outcomes of PROTOCOL.md section 4, in the order they are checked; `not_inside` is the refusal
 * of an exit scan (direction `out`) of a subject that is not inside on the list.
 */

export const scanReasons = [
  'malformed',
  'wrong_event',
  'bad_issuer_signature',
  'expired',
  'bad_holder_signature',
  'stale',
  'not_admitted_here',
  'superseded',
  'revoked',
  'already_used',
  'not_inside',
] as const;

export type ScanReason = (typeof scanReasons)[number];

export const verdicts = ['accepted', 'rejected'] as const;

export type Verdict = (typeof verdicts)[number];

export function isScanReason(value: unknown): value is ScanReason {
  return typeof value === 'string' && (scanReasons as readonly string[]).includes(value);
}

export type LabelLanguage = 'en' | 'nl';

/** Short texts for the gate staff, not for the visitor; they say what to do where that helps. */
export const reasonLabels: Record<LabelLanguage, Record<ScanReason, string>> = {
  en: {
    malformed: 'Not a readable ticket code',
    wrong_event: 'Ticket for another event',
    bad_issuer_signature: 'Invalid ticket (forged or damaged)',
    expired: 'Ticket has expired',
    bad_holder_signature: 'Invalid code: not signed by the ticket holder’s phone',
    stale: 'Code too old: ask for the live screen, not a screenshot',
    not_admitted_here: 'Not for this entrance: send the visitor to the right one',
    superseded: 'Ticket has moved to another phone',
    revoked: 'Ticket revoked',
    already_used: 'Already used',
    not_inside: 'Not inside: this code did not come in here',
  },
  nl: {
    malformed: 'Geen leesbare ticketcode',
    wrong_event: 'Ticket voor een ander evenement',
    bad_issuer_signature: 'Ongeldig ticket (vervalst of beschadigd)',
    expired: 'Ticket is verlopen',
    bad_holder_signature: 'Ongeldige code: niet ondertekend door de telefoon van de houder',
    stale: 'Code te oud: vraag om het live scherm, geen screenshot',
    not_admitted_here: 'Niet voor deze ingang: stuur de bezoeker naar de juiste',
    superseded: 'Ticket staat inmiddels op een andere telefoon',
    revoked: 'Ticket ingetrokken',
    already_used: 'Al gebruikt',
    not_inside: 'Niet binnen: deze code is hier niet binnengekomen',
  },
};

export const verdictLabels: Record<LabelLanguage, Record<Verdict, string>> = {
  en: { accepted: 'Welcome', rejected: 'Refused' },
  nl: { accepted: 'Welkom', rejected: 'Geweigerd' },
};
