/**
 * THE scan decision of PROTOCOL.md section 4, shared by the server (re-verification at upload) and
 * the scanner app (offline), so both can never disagree on a verdict.
 */
import { base64urlEncode } from './bytes.ts';
import { CREDENTIAL_BODY_LENGTH, credentialSigningInput } from './credential.ts';
import type { CredentialType } from './credential.ts';
import type { CheckInList, GateState, PackProduct, PackSubject } from './gate-pack.ts';
import { parseQrText, presentationSigningInput } from './presentation.ts';
import type { ParsedPresentation } from './presentation.ts';
import type { ScanReason, Verdict } from './reasons.ts';
import type { SignatureVerifier } from './signature-verifier.ts';

export type Direction = 'in' | 'out';

export interface CheckIn {
  /** ISO 8601 UTC */
  scannedAt: string;
  gate: string;
  /** An entry (the default) or an exit (PROTOCOL.md section 4, exit scans). */
  direction?: Direction;
}

export interface ScanInput {
  qr: string;
  state: GateState;
  /**
   * This verifier's own (and synced peers') last movement of each subject on its list, keyed by
   * lowercase subject UUID: the entry, or the exit when the subject left since.
   */
  checkIns: ReadonlyMap<string, CheckIn>;
  /** Unix seconds on the verifier's server-corrected clock. */
  now: number;
  verifier: SignatureVerifier;
  /** The list scanned for; the pack's own list by default. A device without a list scans vouchers at the default voucher list. */
  list?: CheckInList;
  /** `out` for an exit scan; `in` by default. */
  direction?: Direction;
}

/**
 * Fields beyond verdict/reason appear only once authenticated: subject, type and seq after the issuer
 * signature checks out, presentedAt after the holder signature does. An unauthenticated id in a log
 * would let a forger frame any ticket.
 */
export interface ScanDecision {
  verdict: Verdict;
  reason?: ScanReason;
  subjectId?: string;
  type?: CredentialType;
  seq?: number;
  /** From the pack row, when the pack knows the subject. */
  typeId?: string;
  presentedAt?: number;
  /** Accepted although the pack does not know the subject (issued after the pack was made). */
  unknownInPack?: boolean;
  /**
   * With `already_used`: the earliest check-in known (pack row or `checkIns`), or after an exit on a
   * list without re-entry that exit; absent when none has a time; `gate` is '' when the pack row gives
   * a time but no gate.
   */
  firstScan?: CheckIn;
}

type ScanDetails = Omit<ScanDecision, 'verdict' | 'reason'>;

function reject(reason: ScanReason, known: ScanDetails = {}): ScanDecision {
  return { verdict: 'rejected', reason, ...known };
}

async function verifies(check: () => Promise<boolean> | boolean): Promise<boolean> {
  try {
    return (await check()) === true;
  } catch {
    return false; // an injected verifier that throws has not vouched for anything
  }
}

/**
 * Step 7: whether the list admits the subject. A ticket at a voucher list, a voucher at a ticket list,
 * a type the list does not name, an add-on at a list of every admission type (the parking pass at the
 * main entrance) and, at a list of some types, a subject the pack does not know: all `not_admitted_here`.
 */
function admits(list: CheckInList, type: CredentialType, row: PackSubject | undefined, products: ReadonlyMap<string, PackProduct>) {
  if ((type === 'voucher') !== (list.mode === 'voucher')) return false;
  if (row === undefined) return list.ticketTypeIds === null;
  if (list.ticketTypeIds !== null) return list.ticketTypeIds.includes(row.typeId.toLowerCase());
  if (list.mode === 'voucher') return true;
  // A pack without products (an older server) names no add-ons: every type counts as admission.
  const kind = products.get(row.typeId.toLowerCase())?.kind;
  return kind === undefined || kind === 'admission';
}

const movementOf = (at: string | undefined, gate: string | undefined, direction: Direction): Movement | undefined =>
  at === undefined ? undefined : { scannedAt: at, gate: gate ?? '', direction };

interface Movement {
  scannedAt: string;
  gate: string;
  direction: Direction;
}

/**
 * Where the subject stands on this list, from the pack row and this verifier's own last movement:
 * inside or not, and the movement that says so. Two entries: the earlier is reported (the first
 * check-in); otherwise the later movement decides, and an unparsable local time loses to the pack.
 */
function presenceOf(row: PackSubject | undefined, local: CheckIn | undefined) {
  const packState = row?.state === 'checked_in' || row?.state === 'checked_out' ? row.state : undefined;
  const fromPack = packState && movementOf(row!.checkedInAt, row!.gate, packState === 'checked_in' ? 'in' : 'out');
  const mine = local && { scannedAt: local.scannedAt, gate: local.gate, direction: local.direction ?? 'in' };
  if (!mine) return packState ? { inside: packState === 'checked_in', movement: fromPack } : undefined;
  if (!packState) return { inside: mine.direction === 'in', movement: mine };
  const packTime = fromPack ? Date.parse(fromPack.scannedAt) : Number.NaN;
  const localTime = Date.parse(mine.scannedAt);
  if (Number.isNaN(localTime)) return { inside: packState === 'checked_in', movement: fromPack };
  const localFirst = Number.isNaN(packTime) || localTime < packTime;
  if (packState === 'checked_in' && mine.direction === 'in') return { inside: true, movement: localFirst ? mine : fromPack };
  const latest = localFirst ? (fromPack ?? mine) : mine;
  return { inside: latest.direction === 'in', movement: latest };
}

const asCheckIn = (m: Movement): CheckIn => ({ scannedAt: m.scannedAt, gate: m.gate });

async function decide(input: ScanInput): Promise<ScanDecision> {
  const { state, verifier, now } = input;

  // 1. malformed
  if (typeof input.qr !== 'string') return reject('malformed');
  let presentation: ParsedPresentation;
  try {
    presentation = parseQrText(input.qr);
  } catch {
    return reject('malformed');
  }
  const credential = presentation.credential;

  // 2. wrong_event
  const issuerKey = state.issuerKeys.get(base64urlEncode(credential.kid));
  if (issuerKey === undefined) return reject('wrong_event');

  // 3. bad_issuer_signature
  const credentialInput = credentialSigningInput(credential.bytes.subarray(0, CREDENTIAL_BODY_LENGTH));
  if (!(await verifies(() => verifier.ed25519(issuerKey, credentialInput, credential.signature)))) {
    return reject('bad_issuer_signature');
  }
  const known: ScanDetails = {
    subjectId: credential.subjectId,
    type: credential.type,
    seq: credential.seq,
  };
  const row = state.subjects.get(credential.subjectId);
  if (row !== undefined) known.typeId = row.typeId;

  // 4. expired. Comparisons are written so that NaN (a broken clock) fails closed.
  if (!(now <= credential.notAfter)) return reject('expired', known);

  // 5. bad_holder_signature
  const presentationInput = presentationSigningInput(presentation.signedPart);
  const holderKey = credential.holderKey;
  if (!(await verifies(() => verifier.p256(holderKey, presentationInput, presentation.holderSignature)))) {
    return reject('bad_holder_signature', known);
  }
  known.presentedAt = presentation.presentedAt;

  // 6. stale
  if (!(Math.abs(now - presentation.presentedAt) <= state.windowSeconds)) return reject('stale', known);

  // 7. not_admitted_here
  const list = input.list ?? state.checkInList;
  if (!admits(list, credential.type, row, state.products)) return reject('not_admitted_here', known);

  // 8-10: what the pack and the check-ins know about the subject
  if (row !== undefined && row.seq > credential.seq) return reject('superseded', known);
  if (row?.state === 'revoked') return reject('revoked', known);
  const presence = presenceOf(row, input.checkIns.get(credential.subjectId));
  if (input.direction === 'out') {
    // An exit never opens the entrance: it only records that someone inside left.
    if (!presence?.inside) return reject('not_inside', known);
  } else if (presence && (presence.inside || !list.allowReentry)) {
    return reject('already_used', presence.movement ? { ...known, firstScan: asCheckIn(presence.movement) } : known);
  }

  // 11. accepted; a seq above the pack's is fine (rebound after the pack was made)
  return { verdict: 'accepted', ...known, ...(row === undefined ? { unknownInPack: true } : {}) };
}

/**
 * Never throws and never mutates its input: every failure, including a broken argument, is a
 * rejection. The caller records the check-in (and a higher seq) after an `accepted`.
 */
export async function decideScan(input: ScanInput): Promise<ScanDecision> {
  try {
    return await decide(input);
  } catch {
    return reject('malformed');
  }
}
